// Granted versus used: for each granted (profile, scope) pair, the last
// allowed decision and the allowed/denied counts in the last N days, from the
// per-minute decision aggregates (DecisionStat); and the denials that match
// no granted pair (a scope not held, or held through no profile that could be
// named), per scope. Pure; lib/usage/load-usage.ts loads the inputs.
import { DAY } from "../drift/types";

export const USAGE_WINDOWS = [7, 30, 90] as const;
export const DEFAULT_USAGE_DAYS = 30;

export type GrantedScope = { scopeId: string; scopeName: string; profileId: string; profileName: string };

/** A DecisionStat row, or a grouped one (minute = the latest minute, count = the sum). */
export type UsageStat = { scopeId: string; profileId: string; minute: Date; outcome: string; count: number };

export type ScopeUsageRow = GrantedScope & {
  /** the last allowed decision in the window */
  lastUsedAt: Date | null;
  allowedCount: number;
  deniedCount: number;
  /** at least one allowed decision in the window */
  used: boolean;
};

/** Denials in the window outside the granted pairs; profile null when the denial could not be tied to one. */
export type DeniedScopeRow = { scopeId: string; scopeName: string; profileId: string | null; profileName: string | null; deniedCount: number; lastDeniedAt: Date };

export type UsageSummary = {
  days: number;
  since: Date;
  rows: ScopeUsageRow[];
  /** most denied first */
  denied: DeniedScopeRow[];
  totals: { granted: number; used: number; unused: number };
};

/** Display names for the ids of denied rows (the granted rows carry theirs). */
export type UsageNames = { scope: (id: string) => string; profile: (id: string) => string };
const idsAsNames: UsageNames = { scope: (id) => id, profile: (id) => id };

/** `?days=`: one of the offered windows, else the default. */
export function parseUsageDays(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return (USAGE_WINDOWS as readonly number[]).includes(n) ? n : DEFAULT_USAGE_DAYS;
}

const key = (profileId: string, scopeId: string) => `${profileId}|${scopeId}`;

export function summarizeUsage(granted: GrantedScope[], stats: UsageStat[], { now, days, names = idsAsNames }: { now: Date; days: number; names?: UsageNames }): UsageSummary {
  const since = new Date(now.getTime() - days * DAY);
  const rows = new Map<string, ScopeUsageRow>();
  // the same pair can be granted twice (a binding and a claim rule): one row
  for (const g of granted) {
    const k = key(g.profileId, g.scopeId);
    if (!rows.has(k)) rows.set(k, { ...g, lastUsedAt: null, allowedCount: 0, deniedCount: 0, used: false });
  }
  const denied = new Map<string, DeniedScopeRow>();
  for (const s of stats) {
    if (s.minute < since || s.minute > now) continue;
    const row = rows.get(key(s.profileId, s.scopeId));
    if (!row) {
      // an allow outside the grants was allowed by a grant since withdrawn: not this view's question
      if (s.outcome === "deny" && s.scopeId) addDenied(denied, s, names);
      continue;
    }
    if (s.outcome === "allow") {
      row.allowedCount += s.count;
      if (s.count > 0 && (!row.lastUsedAt || s.minute > row.lastUsedAt)) row.lastUsedAt = s.minute;
    } else if (s.outcome === "deny") row.deniedCount += s.count;
  }
  const list = [...rows.values()].map((r) => ({ ...r, used: r.allowedCount > 0 }));
  list.sort((a, b) => Number(a.used) - Number(b.used) || a.profileName.localeCompare(b.profileName) || a.scopeName.localeCompare(b.scopeName));
  const used = list.filter((r) => r.used).length;
  const deniedList = [...denied.values()].sort((a, b) => b.deniedCount - a.deniedCount || a.scopeName.localeCompare(b.scopeName) || (a.profileName ?? "").localeCompare(b.profileName ?? ""));
  return { days, since, rows: list, denied: deniedList, totals: { granted: list.length, used, unused: list.length - used } };
}

function addDenied(denied: Map<string, DeniedScopeRow>, s: UsageStat, names: UsageNames) {
  const k = key(s.profileId, s.scopeId);
  const row = denied.get(k);
  if (row) {
    row.deniedCount += s.count;
    if (s.minute > row.lastDeniedAt) row.lastDeniedAt = s.minute;
    return;
  }
  const profileId = s.profileId || null;
  denied.set(k, { scopeId: s.scopeId, scopeName: names.scope(s.scopeId), profileId, profileName: profileId && names.profile(profileId), deniedCount: s.count, lastDeniedAt: s.minute });
}
