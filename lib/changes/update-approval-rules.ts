// Changing the approval rules (Settings, admins only): validated, stored as
// the "approvalRules" setting, and recorded in the audit log with before and
// after. Requests already open keep the requirement stored when they opened.
import { appendAudit } from "../audit/append";
import { can, type Actor } from "../auth/permissions";
import { transaction, type Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { APPROVAL_RULES_KEY, approvalRulesSchema, loadApprovalRules, type ApprovalRules } from "./approval-rules";

export async function updateApprovalRules(db: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<ApprovalRules> {
  if (!can(actor, "settings.manage")) throw new AppError("forbidden", `${actor.role} may not change the approval rules`);
  const parsed = approvalRulesSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const after = parsed.data;
  return transaction(db, async (tx) => {
    const before = await loadApprovalRules(tx);
    const value = JSON.stringify(after);
    await tx.setting.upsert({ where: { key: APPROVAL_RULES_KEY }, create: { key: APPROVAL_RULES_KEY, value }, update: { value } });
    await appendAudit(tx, actor, [{ action: "settings.updated", targetType: "setting", targetId: APPROVAL_RULES_KEY, targetName: "approval rules", before, after }], now);
    return after;
  });
}
