// Global search (the console's Cmd/Ctrl-K palette and GET /api/v1/search):
// every kind of object by identifier, and by description or title. Each kind
// asks for a few prefix matches first (the identifier indexes serve those),
// then a few "contains" matches; hits are ranked exact > prefix > contains >
// description and cut to the limit.
import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { text } from "../../validation/text";

/** GET /api/v1/search's query: ?q=orders-db&limit=20 */
export const searchQueryParams = z.object({
  q: text().max(100, "must be at most 100 characters").default(""),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const searchKinds = ["resource", "scope", "profile", "client", "domain", "environment", "claimRule", "change"] as const;
export type SearchKind = (typeof searchKinds)[number];

export type SearchHit = { kind: SearchKind; id: string; name: string; description: string; href: string };

/** How many hits one kind contributes at most, before ranking across kinds. */
const perKind = 6;
const maxTerm = 100;

type Ranked = SearchHit & { rank: number; order: number };

/** exact 0, prefix 1, contains 2, anything else (description, title) 3 */
function rankOf(name: string, term: string): number {
  const n = name.toLowerCase();
  if (n === term) return 0;
  if (n.startsWith(term)) return 1;
  if (n.includes(term)) return 2;
  return 3;
}

const oneLine = (parts: (string | null | undefined)[]) => parts.filter(Boolean).join(" · ");

/**
 * Prefix matches first, then, if there is room, contains matches; at most
 * `take` rows, deduplicated by id.
 */
async function prefixThenContains<T extends { id: string }>(
  take: number,
  prefix: () => Promise<T[]>,
  rest: (exclude: string[]) => Promise<T[]>,
): Promise<T[]> {
  const first = await prefix();
  if (first.length >= take) return first.slice(0, take);
  const more = await rest(first.map((r) => r.id));
  return [...first, ...more].slice(0, take);
}

export async function searchCatalog(db: Db, q: string, limit = 20): Promise<SearchHit[]> {
  const term = q.trim().toLowerCase().slice(0, maxTerm);
  if (!term) return [];
  const take = Math.max(1, Math.min(perKind, limit));
  const text = containsText(db);
  const textOr = (field: string) => [{ [field]: text(term) }];

  // "orders-db:read" -> resource orders-db, action read; "orders-db:" -> all its scopes
  const colon = term.indexOf(":");
  const scopeResource = colon >= 0 ? term.slice(0, colon) : term;
  const scopeAction = colon >= 0 ? term.slice(colon + 1) : "";
  // "CR-123", "cr123", "#123" or "123" -> change request number 123
  const crMatch = /^(?:cr-?|#)?(\d{1,9})$/.exec(term);
  const crNumber = crMatch ? Number(crMatch[1]) : null;

  const [resources, scopes, profiles, clients, domains, environments, claimRules, changes] = await Promise.all([
    prefixThenContains(
      take,
      () =>
        db.resource.findMany({
          where: { name: { startsWith: term } },
          orderBy: [{ name: "asc" }, { environment: { rank: "asc" } }],
          take,
          include: { environment: { select: { name: true } } },
        }),
      (exclude) =>
        db.resource.findMany({
          where: { id: { notIn: exclude }, OR: [{ name: { contains: term } }, ...textOr("description")] },
          orderBy: [{ name: "asc" }, { environment: { rank: "asc" } }],
          take,
          include: { environment: { select: { name: true } } },
        }),
    ),
    scopeResource
      ? db.scope.findMany({
          where: {
            resource: { name: colon >= 0 ? scopeResource : { startsWith: scopeResource } },
            ...(scopeAction ? { action: { startsWith: scopeAction } } : {}),
          },
          orderBy: [{ resource: { name: "asc" } }, { resource: { environment: { rank: "asc" } } }, { action: "asc" }],
          take,
          include: { resource: { select: { name: true, environment: { select: { name: true } } } } },
        })
      : Promise.resolve([]),
    prefixThenContains(
      take,
      () => db.profile.findMany({ where: { name: { startsWith: term } }, orderBy: { name: "asc" }, take }),
      (exclude) =>
        db.profile.findMany({
          where: { id: { notIn: exclude }, OR: [{ name: { contains: term } }, ...textOr("description")] },
          orderBy: { name: "asc" },
          take,
        }),
    ),
    prefixThenContains(
      take,
      () => db.client.findMany({ where: { name: { startsWith: term } }, orderBy: { name: "asc" }, take }),
      (exclude) =>
        db.client.findMany({
          where: { id: { notIn: exclude }, OR: [{ name: { contains: term } }, ...textOr("displayName"), ...textOr("description")] },
          orderBy: { name: "asc" },
          take,
        }),
    ),
    db.domain.findMany({
      where: { OR: [{ name: { contains: term } }, ...textOr("displayName"), ...textOr("description")] },
      orderBy: { name: "asc" },
      take,
    }),
    db.environment.findMany({
      where: { OR: [{ name: { contains: term } }, ...textOr("displayName")] },
      orderBy: { rank: "asc" },
      take,
    }),
    prefixThenContains(
      take,
      () => db.claimRule.findMany({ where: { name: { startsWith: term } }, orderBy: { name: "asc" }, take }),
      (exclude) =>
        db.claimRule.findMany({
          where: { id: { notIn: exclude }, OR: [{ name: { contains: term } }, { issuer: { contains: term } }, ...textOr("description")] },
          orderBy: { name: "asc" },
          take,
        }),
    ),
    db.changeRequest.findMany({
      where: { OR: [...(crNumber !== null ? [{ number: crNumber }] : []), ...textOr("title")] },
      orderBy: { number: "desc" },
      take,
    }),
  ]);

  const hits: Ranked[] = [];
  const add = (kind: SearchKind, rank: number, hit: Omit<SearchHit, "kind">) =>
    hits.push({ kind, ...hit, rank, order: hits.length });

  for (const r of resources)
    add("resource", rankOf(r.name, term), {
      id: r.id,
      name: r.name,
      description: oneLine([`${r.kind} in ${r.environment.name}`, r.description]),
      href: `/resources/${r.id}`,
    });
  for (const s of scopes) {
    const name = `${s.resource.name}:${s.action}`;
    add("scope", rankOf(name, term), {
      id: s.id,
      name,
      description: oneLine([`in ${s.resource.environment.name}`, s.description]),
      href: `/scopes/${s.id}`,
    });
  }
  for (const p of profiles)
    add("profile", rankOf(p.name, term), { id: p.id, name: p.name, description: oneLine([`v${p.version}`, p.description]), href: `/profiles/${p.id}` });
  for (const c of clients)
    add("client", rankOf(c.name, term), {
      id: c.id,
      name: c.name,
      description: oneLine([c.kind, c.displayName, c.description]),
      href: `/clients/${c.id}`,
    });
  for (const d of domains)
    add("domain", rankOf(d.name, term), {
      id: d.id,
      name: d.name,
      description: oneLine([d.displayName, d.description]),
      href: `/domains?q=${encodeURIComponent(d.name)}`,
    });
  for (const e of environments)
    add("environment", rankOf(e.name, term), {
      id: e.id,
      name: e.name,
      description: oneLine([e.displayName, e.protection === "protected" ? "protected" : null]),
      href: `/environments?q=${encodeURIComponent(e.name)}`,
    });
  for (const c of claimRules)
    add("claimRule", rankOf(c.name, term), {
      id: c.id,
      name: c.name,
      description: oneLine([c.issuer, c.description]),
      href: `/claim-rules?q=${encodeURIComponent(c.name)}`,
    });
  for (const c of changes) {
    const name = `CR-${c.number}`;
    add("change", c.number === crNumber ? 0 : 3, { id: c.id, name, description: oneLine([c.title, c.status]), href: `/changes/${c.number}` });
  }

  const kindOrder = (k: SearchKind) => searchKinds.indexOf(k);
  return hits
    .sort((a, b) => a.rank - b.rank || kindOrder(a.kind) - kindOrder(b.kind) || a.order - b.order)
    .slice(0, Math.max(1, limit))
    .map(({ rank: _rank, order: _order, ...hit }) => hit);
}
