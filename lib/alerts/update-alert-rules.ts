// Changing the alert rule set (Settings, admins only): validated, stored as
// the "alertRules" setting, recorded in the audit log with before and after.
import { appendAudit } from "../audit/append";
import { can, type Actor } from "../auth/permissions";
import { transaction, type Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { ALERT_RULES_KEY, alertRulesSchema, loadAlertRules, type AlertRules } from "./rules";

export async function updateAlertRules(db: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<AlertRules> {
  if (!can(actor, "settings.manage")) throw new AppError("forbidden", `${actor.role} may not change the alert rules`);
  const parsed = alertRulesSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const after = parsed.data;
  return transaction(db, async (tx) => {
    const before = await loadAlertRules(tx);
    const value = JSON.stringify(after);
    await tx.setting.upsert({ where: { key: ALERT_RULES_KEY }, create: { key: ALERT_RULES_KEY, value }, update: { value } });
    await appendAudit(tx, actor, [{ action: "settings.updated", targetType: "setting", targetId: ALERT_RULES_KEY, targetName: "alert rules", before, after }], now);
    return after;
  });
}
