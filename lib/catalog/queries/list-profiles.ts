import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { validationError } from "../../errors";
import { formatDuration } from "../../format";
import { listParams, orderFrom, pageArgs, searchTerm, toPage, type Page } from "./paging";
import { text } from "../../validation/text";

export const profileListParams = listParams.extend({
  environment: text().max(63).optional(),
  domain: text().max(63).optional(),
});

export type ProfileRow = {
  id: string;
  name: string;
  /** "—" when the profile spans environments */
  environment: string;
  domain: string;
  version: number;
  maxTokenLifetimeSeconds: number;
  /** maxTokenLifetimeSeconds for people: "1 h", "15 min" */
  lifetime: string;
  expiresAt: Date | null;
  scopes: number;
  bindings: number;
};

const sortable = ["name", "version", "lifetime", "updatedAt"] as const;
const column = { name: "name", version: "version", lifetime: "maxTokenLifetimeSeconds", updatedAt: "updatedAt" } as const;

export async function listProfiles(db: Db, raw: unknown): Promise<Page<ProfileRow>> {
  const parsed = profileListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const q = searchTerm(p.q);
  const text = containsText(db);
  const where = {
    ...(q ? { OR: [{ name: { contains: q } }, { description: text(q) }, { owner: text(q) }] } : {}),
    ...(p.environment ? { environment: { name: p.environment } } : {}),
    ...(p.domain ? { domain: { name: p.domain } } : {}),
  };
  const { key, dir } = orderFrom(p.sort, sortable, "name");
  const [rows, total] = await Promise.all([
    db.profile.findMany({
      where,
      orderBy: [{ [column[key]]: dir }, { id: dir }],
      ...pageArgs(p),
      select: {
        id: true,
        name: true,
        version: true,
        maxTokenLifetimeSeconds: true,
        expiresAt: true,
        environment: { select: { name: true } },
        domain: { select: { name: true } },
        _count: { select: { scopes: true, bindings: true } },
      },
    }),
    db.profile.count({ where }),
  ]);
  return toPage(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      environment: r.environment?.name ?? "—",
      domain: r.domain?.name ?? "—",
      version: r.version,
      maxTokenLifetimeSeconds: r.maxTokenLifetimeSeconds,
      lifetime: formatDuration(r.maxTokenLifetimeSeconds),
      expiresAt: r.expiresAt,
      scopes: r._count.scopes,
      bindings: r._count.bindings,
    })),
    p.limit,
    total,
  );
}
