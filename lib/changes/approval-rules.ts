// Which approvals a change request needs, by risk. Configurable in Settings
// (stored as the "approvalRules" setting); safe defaults otherwise.
import { z } from "zod";
import type { Db, Tx } from "../db/client";
import type { Risk } from "./risk";

const count = z.number().int().min(0).max(5);

export const approvalRulesSchema = z.object({
  /** low-risk changes that touch no protected environment apply without review */
  autoApplyLowRiskUnprotected: z.boolean(),
  approvals: z.object({ low: count, medium: count, high: count, critical: count }),
  /** one approver must own a domain the change affects */
  ownerRequired: z.object({ low: z.boolean(), medium: z.boolean(), high: z.boolean(), critical: z.boolean() }),
});
export type ApprovalRules = z.infer<typeof approvalRulesSchema>;

export const defaultApprovalRules: ApprovalRules = {
  autoApplyLowRiskUnprotected: true,
  approvals: { low: 1, medium: 1, high: 2, critical: 2 },
  ownerRequired: { low: false, medium: false, high: true, critical: true },
};

export const APPROVAL_RULES_KEY = "approvalRules";

export async function loadApprovalRules(db: Db | Tx): Promise<ApprovalRules> {
  const row = await db.setting.findUnique({ where: { key: APPROVAL_RULES_KEY } });
  if (!row) return defaultApprovalRules;
  const parsed = approvalRulesSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : defaultApprovalRules;
}

export type Requirement = {
  approvals: number;
  ownerRequired: boolean;
  autoApply: boolean;
  /** an expiry: approved with the temporary change it undoes (CR number) */
  preApprovedBy?: number;
};

export function requirementFor(rules: ApprovalRules, risk: Risk, touchesProtected: boolean): Requirement {
  if (risk === "low" && !touchesProtected && rules.autoApplyLowRiskUnprotected) return { approvals: 0, ownerRequired: false, autoApply: true };
  return { approvals: Math.max(1, rules.approvals[risk]), ownerRequired: rules.ownerRequired[risk], autoApply: false };
}

export type ApprovalState = { approvers: { userId: string; owner: boolean }[] };

/** Whether recorded approvals satisfy the requirement (approvers never include the author). */
export function isSatisfied(req: Requirement, state: ApprovalState): boolean {
  if (req.autoApply) return true;
  return state.approvers.length >= req.approvals && (!req.ownerRequired || state.approvers.some((a) => a.owner));
}
