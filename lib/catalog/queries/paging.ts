import { z } from "zod";
import { text } from "../../validation/text";

/** Common list parameters: search, sort ("name" or "-name"), cursor, limit. */
export const listParams = z.object({
  q: text().trim().max(100).optional(),
  sort: text().regex(/^-?[a-zA-Z]+$/, "use a field name, or -field for descending").optional(),
  cursor: text().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListParams = z.infer<typeof listParams>;

export type Page<T> = { items: T[]; total: number; nextCursor: string | null };

export function orderFrom<F extends string>(sort: string | undefined, allowed: readonly F[], fallback: F) {
  const desc = sort?.startsWith("-") ?? false;
  const field = (sort?.replace(/^-/, "") ?? fallback) as F;
  const key = allowed.includes(field) ? field : fallback;
  return { key, dir: desc ? ("desc" as const) : ("asc" as const) };
}

/** Prisma cursor pagination: fetch one extra row to know whether there is a next page. */
export function pageArgs(p: ListParams) {
  return { take: p.limit + 1, ...(p.cursor ? { cursor: { id: p.cursor }, skip: 1 } : {}) };
}

export function toPage<T extends { id: string }>(rows: T[], limit: number, total: number): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, total, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}

/**
 * URL search params (from a page or a route) as a plain object for a zod schema.
 * Empty values are dropped, so a filter form's "All" option means "no filter".
 */
export function searchParamsObject(sp: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const entries: [string, string | undefined][] =
    sp instanceof URLSearchParams ? [...sp.entries()] : Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]);
  return Object.fromEntries(entries.filter(([, v]) => v !== ""));
}

/** PostgreSQL's `contains` is case-sensitive; identifiers are lowercase, so search in lowercase. */
export function searchTerm(q: string | undefined): string | undefined {
  return q ? q.toLowerCase() : undefined;
}
