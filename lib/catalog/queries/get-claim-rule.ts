import type { Db } from "../../db/client";
import { parseConditions } from "./list-claim-rules";

/** One claim rule: issuer and claim conditions, the profile it grants and the client it acts as. */
export async function getClaimRule(db: Db, id: string) {
  const r = await db.claimRule.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      issuer: true,
      conditions: true,
      description: true,
      createdAt: true,
      updatedAt: true,
      profile: { select: { id: true, name: true, version: true } },
      client: { select: { id: true, name: true, kind: true } },
    },
  });
  if (!r) return null;
  return { ...r, conditions: parseConditions(r.conditions) };
}

export type ClaimRuleDetail = NonNullable<Awaited<ReturnType<typeof getClaimRule>>>;
