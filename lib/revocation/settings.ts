// The automated revocation policies (Settings, admins): which rules run, their
// thresholds, whether each opens a change request for review or applies it at
// once under its named emergency rule, and the schedule. Stored as the
// "revocationPolicies" setting with the admin who saved it: scheduled runs act
// for that admin (every change has a human principal).
import { z } from "zod";
import { appendAudit } from "../audit/append";
import { can, type Actor } from "../auth/permissions";
import { transaction, type Db, type Tx } from "../db/client";
import { AppError, validationError } from "../errors";

export const REVOCATION_POLICIES_KEY = "revocationPolicies";

const days = z.coerce.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(3650, "must be at most 3650 days");
const apply = z.enum(["review", "emergency"], { message: "must be review or emergency" });

export const revocationPoliciesSchema = z.object({
  unusedCredentials: z.object({ enabled: z.boolean(), days, apply }),
  oldKeys: z.object({ enabled: z.boolean(), days, apply }),
  expiredGrantClients: z.object({ enabled: z.boolean(), apply }),
  narrowedTokens: z.object({ enabled: z.boolean() }),
  schedule: z.object({
    enabled: z.boolean(),
    everyHours: z.coerce.number().int("must be a whole number of hours").min(1, "must be at least 1 hour").max(720, "must be at most 720 hours"),
  }),
});
export type RevocationPolicies = z.infer<typeof revocationPoliciesSchema>;
export type StoredPolicies = RevocationPolicies & { owner: { id: string; label: string } | null };

export const defaultRevocationPolicies: RevocationPolicies = {
  unusedCredentials: { enabled: false, days: 90, apply: "review" },
  oldKeys: { enabled: false, days: 365, apply: "review" },
  expiredGrantClients: { enabled: false, apply: "review" },
  narrowedTokens: { enabled: false },
  schedule: { enabled: false, everyHours: 24 },
};

export async function loadRevocationPolicies(db: Db | Tx): Promise<StoredPolicies> {
  const row = await db.setting.findUnique({ where: { key: REVOCATION_POLICIES_KEY } });
  if (!row) return { ...defaultRevocationPolicies, owner: null };
  const raw = JSON.parse(row.value) as Record<string, unknown>;
  const parsed = revocationPoliciesSchema.safeParse({ ...defaultRevocationPolicies, ...raw });
  const owner = raw.owner && typeof raw.owner === "object" ? (raw.owner as { id: string; label: string }) : null;
  return { ...(parsed.success ? parsed.data : defaultRevocationPolicies), owner };
}

export async function updateRevocationPolicies(db: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<StoredPolicies> {
  if (!can(actor, "settings.manage")) throw new AppError("forbidden", `${actor.role} may not change the revocation policies`);
  if (!actor.id) throw new AppError("forbidden", "the revocation policies act for the admin who saves them; this actor acts for nobody");
  const parsed = revocationPoliciesSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const after: StoredPolicies = { ...parsed.data, owner: { id: actor.id, label: actor.label } };
  return transaction(db, async (tx) => {
    const before = await loadRevocationPolicies(tx);
    const value = JSON.stringify(after);
    await tx.setting.upsert({ where: { key: REVOCATION_POLICIES_KEY }, create: { key: REVOCATION_POLICIES_KEY, value }, update: { value } });
    await appendAudit(tx, actor, [{ action: "settings.updated", targetType: "setting", targetId: REVOCATION_POLICIES_KEY, targetName: "revocation policies", before, after }], now);
    return after;
  });
}
