import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { validationError } from "../../errors";
import { listParams, orderFrom, pageArgs, searchTerm, toPage, type Page } from "./paging";

export const domainListParams = listParams;

export type DomainRow = {
  id: string;
  name: string;
  displayName: string;
  owners: string[];
  resources: number;
  clients: number;
  profiles: number;
};

const sortable = ["name", "resources", "updatedAt"] as const;

function orderBy(key: (typeof sortable)[number], dir: "asc" | "desc") {
  if (key === "resources") return [{ resources: { _count: dir } }, { id: dir }];
  return [{ [key]: dir }, { id: dir }];
}

export async function listDomains(db: Db, raw: unknown): Promise<Page<DomainRow>> {
  const parsed = domainListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const q = searchTerm(p.q);
  const text = containsText(db);
  const where = q ? { OR: [{ name: { contains: q } }, { displayName: text(q) }, { description: text(q) }] } : {};
  const { key, dir } = orderFrom(p.sort, sortable, "name");
  const [rows, total] = await Promise.all([
    db.domain.findMany({
      where,
      orderBy: orderBy(key, dir),
      ...pageArgs(p),
      select: {
        id: true,
        name: true,
        displayName: true,
        owners: { select: { user: { select: { email: true } } } },
        _count: { select: { resources: true, clients: true, profiles: true } },
      },
    }),
    db.domain.count({ where }),
  ]);
  return toPage(
    rows.map((d) => ({
      id: d.id,
      name: d.name,
      displayName: d.displayName,
      owners: d.owners.map((o) => o.user.email).sort(),
      resources: d._count.resources,
      clients: d._count.clients,
      profiles: d._count.profiles,
    })),
    p.limit,
    total,
  );
}
