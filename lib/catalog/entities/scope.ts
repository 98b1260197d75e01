import type { z } from "zod";
import type { Scope } from "../../db/generated/sqlite/client";
import type { scopeCreate, scopeUpdate } from "../schemas";
import { defined, mustExist, notFound, stillUsed, stamped, taken, touched, type EntityHandler } from "./types";

const snapshot = (s: Scope) => ({ id: s.id, resourceId: s.resourceId, action: s.action, description: s.description });

export const scopeHandler: EntityHandler<z.output<typeof scopeCreate>, z.output<typeof scopeUpdate>> = {
  entity: "scope",
  async current(tx, id) {
    const row = await tx.scope.findUnique({ where: { id } });
    return row && snapshot(row);
  },
  async create({ tx, now }, data, id) {
    const resource = await mustExist(tx.resource.findUnique({ where: { id: data.resourceId } }), "resourceId", "resource");
    const name = `${resource.name}:${data.action}`;
    if (await tx.scope.findUnique({ where: { resourceId_action: { resourceId: resource.id, action: data.action } } }))
      throw taken("action", name);
    const row = await tx.scope.create({ data: { ...data, id, name, environmentId: resource.environmentId, ...stamped(now) } });
    return { targetId: row.id, targetName: name, before: null, after: snapshot(row) };
  },
  async update({ tx, now }, id, data) {
    const old = await tx.scope.findUnique({ where: { id }, include: { resource: true } });
    if (!old) throw notFound("scope", id);
    const row = await tx.scope.update({ where: { id }, data: { ...defined(data), ...touched(now) } });
    return { targetId: id, targetName: `${old.resource.name}:${old.action}`, before: snapshot(old), after: snapshot(row) };
  },
  async remove({ tx }, id) {
    const old = await tx.scope.findUnique({ where: { id }, include: { resource: true } });
    if (!old) throw notFound("scope", id);
    const held = await tx.profileScope.count({ where: { scopeId: id } });
    if (held) throw stillUsed(`scope ${old.resource.name}:${old.action}`, "profiles", held);
    await tx.scope.delete({ where: { id } });
    return { targetId: id, targetName: `${old.resource.name}:${old.action}`, before: snapshot(old), after: null };
  },
};
