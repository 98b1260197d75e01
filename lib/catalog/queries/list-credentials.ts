import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { validationError } from "../../errors";
import { credentialKinds } from "../schemas";
import { listParams, orderFrom, pageArgs, searchTerm, toPage, type Page } from "./paging";
import { text } from "../../validation/text";

export const credentialStatuses = ["active", "revoked", "expired"] as const;
export type CredentialStatus = (typeof credentialStatuses)[number];

export const credentialListParams = listParams.extend({
  status: z.enum(credentialStatuses).optional(),
  kind: z.enum(credentialKinds).optional(),
  /** client name */
  client: text().max(63).optional(),
});

/** Credential metadata only: the hash never leaves the database. */
export type CredentialRow = {
  id: string;
  client: { id: string; name: string };
  prefix: string;
  kind: string;
  label: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  status: CredentialStatus;
};

/** Revoked wins over expired: a revoked credential stays revoked. */
export function credentialStatus(c: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): CredentialStatus {
  if (c.revokedAt) return "revoked";
  if (c.expiresAt && c.expiresAt <= now) return "expired";
  return "active";
}

function statusWhere(status: CredentialStatus, now: Date) {
  if (status === "revoked") return { revokedAt: { not: null } };
  if (status === "expired") return { revokedAt: null, expiresAt: { lte: now } };
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

const sortable = ["createdAt", "expiresAt", "lastUsedAt", "prefix"] as const;

export async function listCredentials(db: Db, raw: unknown, now: Date = new Date()): Promise<Page<CredentialRow>> {
  const parsed = credentialListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const q = searchTerm(p.q);
  const text = containsText(db);
  const where = {
    AND: [
      q ? { OR: [{ prefix: { contains: q } }, { label: text(q) }, { client: { name: { contains: q } } }] } : {},
      p.status ? statusWhere(p.status, now) : {},
      p.kind ? { kind: p.kind } : {},
      p.client ? { client: { name: p.client } } : {},
    ],
  };
  // newest first unless asked otherwise
  const { key, dir } = orderFrom(p.sort ?? "-createdAt", sortable, "createdAt");
  const [rows, total] = await Promise.all([
    db.credential.findMany({
      where,
      orderBy: [{ [key]: dir }, { id: dir }],
      ...pageArgs(p),
      select: {
        id: true,
        prefix: true,
        kind: true,
        label: true,
        createdAt: true,
        expiresAt: true,
        revokedAt: true,
        lastUsedAt: true,
        client: { select: { id: true, name: true } },
      },
    }),
    db.credential.count({ where }),
  ]);
  return toPage(
    rows.map((c) => ({ ...c, status: credentialStatus(c, now) })),
    p.limit,
    total,
  );
}
