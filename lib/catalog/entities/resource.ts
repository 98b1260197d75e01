import type { z } from "zod";
import type { Resource } from "../../db/generated/sqlite/client";
import type { resourceCreate, resourceUpdate } from "../schemas";
import { defined, mustExist, notFound, stillUsed, stamped, taken, touched, type EntityHandler } from "./types";

const snapshot = (r: Resource) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  environmentId: r.environmentId,
  domainId: r.domainId,
  criticality: r.criticality,
  owner: r.owner,
  description: r.description,
  labels: JSON.parse(r.labels) as Record<string, string>,
});

export const resourceHandler: EntityHandler<z.output<typeof resourceCreate>, z.output<typeof resourceUpdate>> = {
  entity: "resource",
  async current(tx, id) {
    const row = await tx.resource.findUnique({ where: { id } });
    return row && snapshot(row);
  },
  async create({ tx, now }, data, id) {
    const env = await mustExist(tx.environment.findUnique({ where: { id: data.environmentId } }), "environmentId", "environment");
    await mustExist(tx.domain.findUnique({ where: { id: data.domainId } }), "domainId", "domain");
    const clash = await tx.resource.findUnique({ where: { environmentId_name: { environmentId: env.id, name: data.name } } });
    if (clash) throw taken("name", data.name);
    const row = await tx.resource.create({ data: { ...data, id, labels: JSON.stringify(data.labels), ...stamped(now) } });
    return { targetId: row.id, targetName: `${env.name}/${row.name}`, before: null, after: snapshot(row) };
  },
  async update({ tx, now }, id, data) {
    const old = await tx.resource.findUnique({ where: { id }, include: { environment: true } });
    if (!old) throw notFound("resource", id);
    if (data.domainId) await mustExist(tx.domain.findUnique({ where: { id: data.domainId } }), "domainId", "domain");
    const { labels, ...rest } = data;
    const row = await tx.resource.update({
      where: { id },
      data: { ...defined(rest), ...(labels ? { labels: JSON.stringify(labels) } : {}), ...touched(now) },
    });
    return { targetId: id, targetName: `${old.environment.name}/${old.name}`, before: snapshot(old), after: snapshot(row) };
  },
  async remove({ tx }, id) {
    const old = await tx.resource.findUnique({ where: { id }, include: { environment: true } });
    if (!old) throw notFound("resource", id);
    const scopes = await tx.scope.count({ where: { resourceId: id } });
    if (scopes) throw stillUsed(`resource ${old.name}`, "scopes", scopes);
    await tx.resource.delete({ where: { id } });
    return { targetId: id, targetName: `${old.environment.name}/${old.name}`, before: snapshot(old), after: null };
  },
};
