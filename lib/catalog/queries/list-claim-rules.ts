import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { validationError } from "../../errors";
import { listParams, orderFrom, pageArgs, searchTerm, toPage, type Page } from "./paging";
import { text } from "../../validation/text";

export const claimRuleListParams = listParams.extend({
  issuer: text().max(300).optional(),
  /** profile name */
  profile: text().max(63).optional(),
  /** client name */
  client: text().max(63).optional(),
});

export type ClaimCondition = { claim: string; value: string };

export type ClaimRuleRow = {
  id: string;
  name: string;
  issuer: string;
  description: string;
  /** claim name -> exact value or glob pattern, sorted by claim */
  conditions: ClaimCondition[];
  profile: { id: string; name: string };
  client: { id: string; name: string } | null;
};

// storable-scan: parses the stored conditions JSON, not input
const conditionsSchema = z.record(z.string(), z.string());

/** A rule's stored JSON conditions as sorted claim/value pairs. */
export function parseConditions(json: string): ClaimCondition[] {
  return Object.entries(conditionsSchema.parse(JSON.parse(json)))
    .map(([claim, value]) => ({ claim, value }))
    .sort((a, b) => a.claim.localeCompare(b.claim));
}

const sortable = ["name", "issuer", "updatedAt"] as const;

export async function listClaimRules(db: Db, raw: unknown): Promise<Page<ClaimRuleRow>> {
  const parsed = claimRuleListParams.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const q = searchTerm(p.q);
  const text = containsText(db);
  const where = {
    AND: [
      q ? { OR: [{ name: { contains: q } }, { issuer: text(q) }, { description: text(q) }, { conditions: text(q) }] } : {},
      p.issuer ? { issuer: p.issuer } : {},
      p.profile ? { profile: { name: p.profile } } : {},
      p.client ? { client: { name: p.client } } : {},
    ],
  };
  const { key, dir } = orderFrom(p.sort, sortable, "name");
  const [rows, total] = await Promise.all([
    db.claimRule.findMany({
      where,
      orderBy: [{ [key]: dir }, { id: dir }],
      ...pageArgs(p),
      select: {
        id: true,
        name: true,
        issuer: true,
        description: true,
        conditions: true,
        profile: { select: { id: true, name: true } },
        client: { select: { id: true, name: true } },
      },
    }),
    db.claimRule.count({ where }),
  ]);
  return toPage(
    rows.map((r) => ({ ...r, conditions: parseConditions(r.conditions) })),
    p.limit,
    total,
  );
}

/** The issuers in use, for the issuer filter. */
export async function claimRuleIssuers(db: Db): Promise<string[]> {
  const rows = await db.claimRule.findMany({ distinct: ["issuer"], select: { issuer: true }, orderBy: { issuer: "asc" } });
  return rows.map((r) => r.issuer);
}
