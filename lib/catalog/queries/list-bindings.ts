import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { validationError } from "../../errors";
import { clientKinds } from "../schemas";
import { listParams, orderFrom, pageArgs, searchTerm, toPage, type Page } from "./paging";
import { text } from "../../validation/text";

export const bindingListParams = listParams.extend({
  /** "true": only temporary grants; "false": only standing ones */
  temporary: z.enum(["true", "false"]).optional(),
  clientKind: z.enum(clientKinds).optional(),
  /** environment name: the profile's environment, or the environment of a resource it holds scopes on */
  environment: text().max(63).optional(),
  /** client name */
  client: text().max(63).optional(),
  /** profile name */
  profile: text().max(63).optional(),
});

export type BindingRow = {
  id: string;
  client: { id: string; name: string; kind: string; status: string };
  profile: { id: string; name: string; environment: string };
  /** a temporary grant ends here; null for a standing one */
  expiresAt: Date | null;
  expired: boolean;
  reason: string;
  createdAt: Date;
};

const sortable = ["client", "profile", "expiresAt", "createdAt"] as const;

function orderBy(key: (typeof sortable)[number], dir: "asc" | "desc") {
  if (key === "client") return [{ client: { name: dir } }, { profile: { name: dir } }, { id: dir }];
  if (key === "profile") return [{ profile: { name: dir } }, { client: { name: dir } }, { id: dir }];
  return [{ [key]: dir }, { id: dir }];
}

function environmentWhere(name: string) {
  return {
    profile: {
      OR: [{ environment: { name } }, { scopes: { some: { scope: { resource: { environment: { name } } } } } }],
    },
  };
}

export async function listBindings(db: Db, raw: unknown, now: Date = new Date()): Promise<Page<BindingRow>> {
  const parsed = bindingListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const q = searchTerm(p.q);
  const text = containsText(db);
  const where = {
    AND: [
      q ? { OR: [{ client: { name: { contains: q } } }, { profile: { name: { contains: q } } }, { reason: text(q) }] } : {},
      p.temporary === "true" ? { expiresAt: { not: null } } : p.temporary === "false" ? { expiresAt: null } : {},
      p.clientKind ? { client: { kind: p.clientKind } } : {},
      p.client ? { client: { name: p.client } } : {},
      p.profile ? { profile: { name: p.profile } } : {},
      p.environment ? environmentWhere(p.environment) : {},
    ],
  };
  const { key, dir } = orderFrom(p.sort, sortable, "client");
  const [rows, total] = await Promise.all([
    db.binding.findMany({
      where,
      orderBy: orderBy(key, dir),
      ...pageArgs(p),
      select: {
        id: true,
        expiresAt: true,
        reason: true,
        createdAt: true,
        client: { select: { id: true, name: true, kind: true, status: true } },
        profile: { select: { id: true, name: true, environment: { select: { name: true } } } },
      },
    }),
    db.binding.count({ where }),
  ]);
  return toPage(
    rows.map((b) => ({
      id: b.id,
      client: b.client,
      profile: { id: b.profile.id, name: b.profile.name, environment: b.profile.environment?.name ?? "—" },
      expiresAt: b.expiresAt,
      expired: b.expiresAt !== null && b.expiresAt <= now,
      reason: b.reason,
      createdAt: b.createdAt,
    })),
    p.limit,
    total,
  );
}
