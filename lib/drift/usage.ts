// Usage for drift: the last allowed decision per profile and scope in the
// window, from the per-minute decision aggregates (DecisionStat). Null, with
// the reason, when the aggregates cannot speak for the whole window: nothing
// recorded yet, or recording began after the window's start.
import type { Db } from "../db/client";
import type { ScopeUsage } from "./unused-scopes";

export type UsageResult = { usage: ScopeUsage } | { usage: null; reason: string };

export async function loadScopeUsage(db: Db, since: Date): Promise<UsageResult> {
  const first = await db.decisionStat.findFirst({ orderBy: { minute: "asc" }, select: { minute: true } });
  if (!first) return { usage: null, reason: "no access decisions have been recorded yet" };
  if (first.minute > since) {
    return { usage: null, reason: `decisions have been recorded only since ${first.minute.toISOString().slice(0, 10)}, less than the window` };
  }
  const rows = await db.decisionStat.groupBy({
    by: ["profileId", "scopeId"],
    where: { outcome: "allow", minute: { gte: since }, profileId: { not: "" } },
    _max: { minute: true },
  });
  const usage: ScopeUsage = new Map();
  for (const r of rows) {
    if (!r._max.minute) continue;
    const byScope = usage.get(r.profileId) ?? new Map<string, Date>();
    byScope.set(r.scopeId, r._max.minute);
    usage.set(r.profileId, byScope);
  }
  return { usage };
}
