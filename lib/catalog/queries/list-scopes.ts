import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { validationError } from "../../errors";
import { listParams, orderFrom, pageArgs, searchTerm, toPage, type Page } from "./paging";
import { text } from "../../validation/text";

export const scopeListParams = listParams.extend({
  environment: text().max(63).optional(),
  domain: text().max(63).optional(),
  action: text().max(32).optional(),
  resource: text().max(64).optional(),
});

export type ScopeRow = {
  id: string;
  name: string;
  action: string;
  description: string;
  resource: { id: string; name: string };
  environment: string;
  domain: string;
  criticality: string;
  profiles: number;
};

const sortable = ["name", "action", "criticality", "profiles", "updatedAt"] as const;

function orderBy(key: (typeof sortable)[number], dir: "asc" | "desc") {
  if (key === "name") return [{ name: dir }, { id: dir }];
  if (key === "criticality") return [{ resource: { criticality: dir } }, { id: dir }];
  if (key === "profiles") return [{ profiles: { _count: dir } }, { id: dir }];
  return [{ [key]: dir }, { id: dir }];
}

/** "orders-db:read" searches resource and action; anything else matches resource, action or description. */
function search(db: Db, q: string) {
  if (q.includes(":")) return { name: { contains: q } };
  return { OR: [{ name: { contains: q } }, { description: containsText(db)(q) }] };
}

/** Profiles holding each scope of a page, in one grouped query (a per-row count subquery is slow at 100k scopes). */
async function profileCounts(db: Db, scopeIds: string[]): Promise<Map<string, number>> {
  const rows = await db.profileScope.groupBy({ by: ["scopeId"], where: { scopeId: { in: scopeIds } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.scopeId, r._count._all]));
}

export async function listScopes(db: Db, raw: unknown): Promise<Page<ScopeRow>> {
  const parsed = scopeListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const q = searchTerm(p.q);
  // AND keeps the "resource:action" search and the resource filters from overwriting each other
  const where = {
    AND: [
      q ? search(db, q) : {},
      p.action ? { action: p.action } : {},
      p.resource ? { resourceId: p.resource } : {},
      p.environment ? { environmentId: (await db.environment.findUnique({ where: { name: p.environment }, select: { id: true } }))?.id ?? "none" } : {},
      p.domain ? { resource: { domain: { name: p.domain } } } : {},
    ],
  };
  const { key, dir } = orderFrom(p.sort, sortable, "name");
  const [rows, total] = await Promise.all([
    db.scope.findMany({
      where,
      orderBy: orderBy(key, dir),
      ...pageArgs(p),
      select: {
        id: true,
        name: true,
        action: true,
        description: true,
        resource: {
          select: { id: true, name: true, criticality: true, environment: { select: { name: true } }, domain: { select: { name: true } } },
        },
      },
    }),
    db.scope.count({ where }),
  ]);
  const held = await profileCounts(db, rows.map((r) => r.id));
  return toPage(
    rows.map((s) => ({
      id: s.id,
      name: s.name,
      action: s.action,
      description: s.description,
      resource: { id: s.resource.id, name: s.resource.name },
      environment: s.resource.environment.name,
      domain: s.resource.domain.name,
      criticality: s.resource.criticality,
      profiles: held.get(s.id) ?? 0,
    })),
    p.limit,
    total,
  );
}

/** The actions in use (read, write, admin and custom verbs), for the action filter. */
export async function scopeActions(db: Db): Promise<string[]> {
  const rows = await db.scope.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
