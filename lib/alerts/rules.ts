// The alert rule set (Settings, admins): which kinds of critical event raise an
// alert. Stored as the "alertRules" setting; every rule is on by default.
import { z } from "zod";
import type { Db, Tx } from "../db/client";

export const ALERT_RULES_KEY = "alertRules";

export const alertKinds = ["protected_widening", "admin_scope", "assertion_failed", "drill_failed"] as const;
export type AlertKind = (typeof alertKinds)[number];

export const alertKindHelp: Record<AlertKind, string> = {
  protected_widening: "a change widens access in a protected environment",
  admin_scope: "a change creates an admin-like scope (admin, *, root, owner, superuser)",
  assertion_failed: "an access assertion fails",
  drill_failed: "a breach drill fails",
};

export const alertSeverity: Record<AlertKind, "high" | "critical"> = {
  protected_widening: "high",
  admin_scope: "high",
  assertion_failed: "high",
  drill_failed: "critical",
};

export const alertRulesSchema = z.object(Object.fromEntries(alertKinds.map((k) => [k, z.boolean({ message: "must be true or false" })])) as Record<AlertKind, z.ZodBoolean>);
export type AlertRules = Record<AlertKind, boolean>;

export const defaultAlertRules: AlertRules = { protected_widening: true, admin_scope: true, assertion_failed: true, drill_failed: true };

export async function loadAlertRules(db: Db | Tx): Promise<AlertRules> {
  const row = await db.setting.findUnique({ where: { key: ALERT_RULES_KEY } });
  if (!row) return defaultAlertRules;
  try {
    const parsed = alertRulesSchema.partial().safeParse(JSON.parse(row.value));
    return parsed.success ? { ...defaultAlertRules, ...parsed.data } : defaultAlertRules;
  } catch {
    return defaultAlertRules;
  }
}
