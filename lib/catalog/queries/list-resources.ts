import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { validationError } from "../../errors";
import { criticalities, resourceKinds } from "../schemas";
import { listParams, orderFrom, pageArgs, searchTerm, toPage, type Page } from "./paging";
import { text } from "../../validation/text";

export const resourceListParams = listParams.extend({
  environment: text().max(63).optional(),
  domain: text().max(63).optional(),
  kind: z.enum(resourceKinds).optional(),
  criticality: z.enum(criticalities).optional(),
});

export type ResourceRow = {
  id: string;
  name: string;
  kind: string;
  environment: string;
  domain: string;
  criticality: string;
  owner: string;
  scopes: number;
};

const sortable = ["name", "kind", "criticality", "updatedAt"] as const;

export async function listResources(db: Db, raw: unknown): Promise<Page<ResourceRow>> {
  const parsed = resourceListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const q = searchTerm(p.q);
  const text = containsText(db);
  const where = {
    ...(q ? { OR: [{ name: { contains: q } }, { description: text(q) }, { owner: text(q) }] } : {}),
    // names resolved to ids first: a filter on an indexed column, not a join
    ...(p.environment ? { environmentId: (await db.environment.findUnique({ where: { name: p.environment } }))?.id ?? "none" } : {}),
    ...(p.domain ? { domainId: (await db.domain.findUnique({ where: { name: p.domain } }))?.id ?? "none" } : {}),
    ...(p.kind ? { kind: p.kind } : {}),
    ...(p.criticality ? { criticality: p.criticality } : {}),
  };
  const { key, dir } = orderFrom(p.sort, sortable, "name");
  const [rows, total] = await Promise.all([
    db.resource.findMany({
      where,
      orderBy: [{ [key]: dir }, { id: dir }],
      ...pageArgs(p),
      select: {
        id: true,
        name: true,
        kind: true,
        criticality: true,
        owner: true,
        environment: { select: { name: true } },
        domain: { select: { name: true } },
      },
    }),
    db.resource.count({ where }),
  ]);
  const counts = await db.scope.groupBy({ by: ["resourceId"], where: { resourceId: { in: rows.map((r) => r.id) } }, _count: { _all: true } });
  const scopes = new Map(counts.map((c) => [c.resourceId, c._count._all]));
  return toPage(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      criticality: r.criticality,
      owner: r.owner,
      environment: r.environment.name,
      domain: r.domain.name,
      scopes: scopes.get(r.id) ?? 0,
    })),
    p.limit,
    total,
  );
}
