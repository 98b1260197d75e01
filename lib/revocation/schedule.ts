// Scheduled runs of the revocation policies, from the workflow sweeper: due
// when the schedule is on and the last scheduled run is older than its
// period. One instance claims each run (a conditional update of the claim
// setting); it acts for the admin who saved the policies, as long as that
// admin may still change the catalog.
import { isRole, type Actor } from "../auth/permissions";
import type { Db } from "../db/client";
import { runRevocationPolicies, type RunResult } from "./run";
import { loadRevocationPolicies } from "./settings";

const CLAIM_KEY = "revocationPolicies.lastScheduledRun";

export async function runDueRevocationPolicies(db: Db, now = new Date()): Promise<RunResult | null> {
  const policies = await loadRevocationPolicies(db);
  if (!policies.schedule.enabled || !policies.owner) return null;
  await db.setting.upsert({ where: { key: CLAIM_KEY }, create: { key: CLAIM_KEY, value: "" }, update: {} });
  const claim = await db.setting.findUniqueOrThrow({ where: { key: CLAIM_KEY } });
  const last = claim.value ? new Date(claim.value).getTime() : 0;
  if (now.getTime() - last < policies.schedule.everyHours * 3_600_000) return null;
  const claimed = await db.setting.updateMany({ where: { key: CLAIM_KEY, value: claim.value }, data: { value: now.toISOString() } });
  if (!claimed.count) return null;
  const owner = await db.user.findUnique({ where: { id: policies.owner.id }, select: { id: true, email: true, role: true, disabled: true } });
  if (!owner || owner.disabled || !isRole(owner.role)) {
    console.warn("revocation policies: the admin who saved them can no longer act; the scheduled run is skipped");
    return null;
  }
  const actor: Actor = { id: owner.id, label: `policy schedule for ${owner.email}`, role: owner.role, kind: "user" };
  return runRevocationPolicies(db, { actor, dryRun: false, trigger: "schedule", now });
}
