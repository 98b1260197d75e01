import type { z } from "zod";
import type { Environment } from "../../db/generated/sqlite/client";
import type { environmentCreate, environmentUpdate } from "../schemas";
import { defined, notFound, stillUsed, stamped, taken, touched, type EntityHandler } from "./types";

const snapshot = (e: Environment) => ({
  id: e.id,
  name: e.name,
  displayName: e.displayName,
  protection: e.protection,
  blockingChecks: JSON.parse(e.blockingChecks) as string[],
  rank: e.rank,
});

export const environmentHandler: EntityHandler<z.output<typeof environmentCreate>, z.output<typeof environmentUpdate>> = {
  entity: "environment",
  async current(tx, id) {
    const row = await tx.environment.findUnique({ where: { id } });
    return row && snapshot(row);
  },
  async create({ tx, now }, data, id) {
    if (await tx.environment.findUnique({ where: { name: data.name } })) throw taken("name", data.name);
    const row = await tx.environment.create({
      data: { ...data, id, displayName: data.displayName || data.name, blockingChecks: JSON.stringify(data.blockingChecks), ...stamped(now) },
    });
    return { targetId: row.id, targetName: row.name, before: null, after: snapshot(row) };
  },
  async update({ tx, now }, id, data) {
    const old = await tx.environment.findUnique({ where: { id } });
    if (!old) throw notFound("environment", id);
    const { blockingChecks, ...rest } = data;
    const row = await tx.environment.update({
      where: { id },
      data: { ...defined(rest), ...(blockingChecks ? { blockingChecks: JSON.stringify(blockingChecks) } : {}), ...touched(now) },
    });
    return { targetId: id, targetName: row.name, before: snapshot(old), after: snapshot(row) };
  },
  async remove({ tx }, id) {
    const old = await tx.environment.findUnique({ where: { id } });
    if (!old) throw notFound("environment", id);
    const resources = await tx.resource.count({ where: { environmentId: id } });
    if (resources) throw stillUsed(`environment ${old.name}`, "resources", resources);
    const profiles = await tx.profile.count({ where: { environmentId: id } });
    if (profiles) throw stillUsed(`environment ${old.name}`, "profiles", profiles);
    await tx.environment.delete({ where: { id } });
    return { targetId: id, targetName: old.name, before: snapshot(old), after: null };
  },
};
