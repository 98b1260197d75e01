import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { validationError } from "../../errors";
import { protections } from "../schemas";
import { listParams, orderFrom, pageArgs, searchTerm, toPage, type Page } from "./paging";

export const environmentListParams = listParams.extend({
  protection: z.enum(protections).optional(),
});

export type EnvironmentRow = {
  id: string;
  name: string;
  displayName: string;
  protection: string;
  /** policy check ids that block a change here */
  blockingChecks: string[];
  rank: number;
  resources: number;
  profiles: number;
};

// storable-scan: parses stored JSON the write path wrote, not input
const checkIds = z.array(z.string());
const sortable = ["rank", "name", "resources", "updatedAt"] as const;

function orderBy(key: (typeof sortable)[number], dir: "asc" | "desc") {
  if (key === "resources") return [{ resources: { _count: dir } }, { id: dir }];
  if (key === "rank") return [{ rank: dir }, { name: dir }, { id: dir }];
  return [{ [key]: dir }, { id: dir }];
}

export async function listEnvironments(db: Db, raw: unknown): Promise<Page<EnvironmentRow>> {
  const parsed = environmentListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const q = searchTerm(p.q);
  const text = containsText(db);
  const where = {
    ...(q ? { OR: [{ name: { contains: q } }, { displayName: text(q) }] } : {}),
    ...(p.protection ? { protection: p.protection } : {}),
  };
  const { key, dir } = orderFrom(p.sort, sortable, "rank");
  const [rows, total] = await Promise.all([
    db.environment.findMany({
      where,
      orderBy: orderBy(key, dir),
      ...pageArgs(p),
      select: {
        id: true,
        name: true,
        displayName: true,
        protection: true,
        blockingChecks: true,
        rank: true,
        _count: { select: { resources: true, profiles: true } },
      },
    }),
    db.environment.count({ where }),
  ]);
  return toPage(
    rows.map((e) => ({
      id: e.id,
      name: e.name,
      displayName: e.displayName,
      protection: e.protection,
      blockingChecks: checkIds.parse(JSON.parse(e.blockingChecks)),
      rank: e.rank,
      resources: e._count.resources,
      profiles: e._count.profiles,
    })),
    p.limit,
    total,
  );
}
