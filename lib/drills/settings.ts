// The drill policy: how fast containment must be (the objective). Stored as
// the "drillPolicy" setting; a drill slower than this raises a finding.
import { z } from "zod";
import { appendAudit } from "../audit/append";
import { can, type Actor } from "../auth/permissions";
import { transaction, type Db, type Tx } from "../db/client";
import { AppError, validationError } from "../errors";

export const DRILL_POLICY_KEY = "drillPolicy";

export const drillPolicySchema = z.object({
  objectiveSeconds: z.coerce.number().int("must be a whole number of seconds").min(1, "must be at least 1 second").max(86_400, "must be at most a day"),
});
export type DrillPolicy = z.infer<typeof drillPolicySchema>;

export const defaultDrillPolicy: DrillPolicy = { objectiveSeconds: 60 };

export async function loadDrillPolicy(db: Db | Tx): Promise<DrillPolicy> {
  const row = await db.setting.findUnique({ where: { key: DRILL_POLICY_KEY } });
  if (!row) return defaultDrillPolicy;
  const parsed = drillPolicySchema.partial().safeParse(JSON.parse(row.value));
  return parsed.success ? { ...defaultDrillPolicy, ...parsed.data } : defaultDrillPolicy;
}

export async function updateDrillPolicy(db: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<DrillPolicy> {
  if (!can(actor, "settings.manage")) throw new AppError("forbidden", `${actor.role} may not change the drill policy`);
  const parsed = drillPolicySchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return transaction(db, async (tx) => {
    const before = await loadDrillPolicy(tx);
    const value = JSON.stringify(parsed.data);
    await tx.setting.upsert({ where: { key: DRILL_POLICY_KEY }, create: { key: DRILL_POLICY_KEY, value }, update: { value } });
    await appendAudit(tx, actor, [{ action: "settings.updated", targetType: "setting", targetId: DRILL_POLICY_KEY, targetName: "drill policy", before, after: parsed.data }], now);
    return parsed.data;
  });
}
