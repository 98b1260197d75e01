import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { validationError } from "../../errors";
import { clientKinds, clientStatuses } from "../schemas";
import { listParams, orderFrom, pageArgs, searchTerm, toPage, type Page } from "./paging";
import { text } from "../../validation/text";

export const clientListParams = listParams.extend({
  kind: z.enum(clientKinds).optional(),
  status: z.enum(clientStatuses).optional(),
  domain: text().max(63).optional(),
});

export type ClientRow = {
  id: string;
  name: string;
  displayName: string;
  kind: string;
  status: string;
  /** "—" when the client belongs to no domain */
  domain: string;
  owner: string;
  bindings: number;
  /** bindings with an expiry: temporary grants */
  temporary: number;
};

const sortable = ["name", "kind", "status", "updatedAt"] as const;

export async function listClients(db: Db, raw: unknown): Promise<Page<ClientRow>> {
  const parsed = clientListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const q = searchTerm(p.q);
  const text = containsText(db);
  const where = {
    ...(q
      ? { OR: [{ name: { contains: q } }, { displayName: text(q) }, { owner: text(q) }, { description: text(q) }] }
      : {}),
    ...(p.kind ? { kind: p.kind } : {}),
    ...(p.status ? { status: p.status } : {}),
    ...(p.domain ? { domain: { name: p.domain } } : {}),
  };
  const { key, dir } = orderFrom(p.sort, sortable, "name");
  const [rows, total] = await Promise.all([
    db.client.findMany({
      where,
      orderBy: [{ [key]: dir }, { id: dir }],
      ...pageArgs(p),
      select: {
        id: true,
        name: true,
        displayName: true,
        kind: true,
        status: true,
        owner: true,
        domain: { select: { name: true } },
        bindings: { select: { expiresAt: true } },
      },
    }),
    db.client.count({ where }),
  ]);
  return toPage(
    rows.map((c) => ({
      id: c.id,
      name: c.name,
      displayName: c.displayName,
      kind: c.kind,
      status: c.status,
      domain: c.domain?.name ?? "—",
      owner: c.owner,
      bindings: c.bindings.length,
      temporary: c.bindings.filter((b) => b.expiresAt !== null).length,
    })),
    p.limit,
    total,
  );
}
