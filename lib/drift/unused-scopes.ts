// Scopes a profile has held for the whole window (N days) without one allowed
// decision for any of its holders. Fix: remove them from the profile, i.e.
// narrow it to the scopes it used. Needs usage data (decision aggregates).
import { DAY, driftFinding, type DriftFinding } from "./types";

export type ProfileGrantRow = {
  id: string;
  name: string;
  environment: string | null;
  createdAt: Date;
  /** clients bound plus claim rules: a profile nobody holds is not "granted" */
  holders: number;
  scopes: { id: string; name: string }[];
  /** the profile's versions (any order): when each scope joined */
  versions: { version: number; createdAt: Date; scopeIds: string[] }[];
};

/** profile id -> scope id or scope name -> the last allowed decision */
export type ScopeUsage = Map<string, Map<string, Date>>;

export const DEFAULT_UNUSED_DAYS = 30;

/**
 * When each current scope was granted: the creation time of the oldest version
 * of the unbroken run of versions, ending at the newest, that hold it.
 */
export function grantedSince(scopeIds: string[], versions: ProfileGrantRow["versions"], fallback: Date): Map<string, Date> {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const out = new Map<string, Date>();
  for (const id of scopeIds) {
    let since = fallback;
    for (const v of newestFirst) {
      if (!v.scopeIds.includes(id)) break;
      since = v.createdAt;
    }
    out.set(id, since);
  }
  return out;
}

export function unusedScopes(profiles: ProfileGrantRow[], usage: ScopeUsage, now: Date, days = DEFAULT_UNUSED_DAYS): DriftFinding[] {
  const cutoff = new Date(now.getTime() - days * DAY);
  return profiles.flatMap((p) => {
    if (!p.holders || !p.scopes.length) return [];
    const since = grantedSince(
      p.scopes.map((s) => s.id),
      p.versions,
      p.createdAt,
    );
    const used = usage.get(p.id);
    const lastUse = (s: { id: string; name: string }) => used?.get(s.id) ?? used?.get(s.name);
    const unused = p.scopes.filter((s) => since.get(s.id)! <= cutoff && !((lastUse(s)?.getTime() ?? 0) > cutoff.getTime()));
    if (!unused.length) return [];
    const names = unused.map((s) => s.name).sort();
    const all = unused.length === p.scopes.length;
    const shown = names.slice(0, 4).join(", ") + (names.length > 4 ? ` and ${names.length - 4} more` : "");
    return [
      driftFinding(
        "unused-scopes",
        { entity: "profile", id: p.id, name: p.name },
        all ? `${p.name} used none of its ${names.length} scopes in the last ${days} days` : `${p.name} did not use ${shown} in the last ${days} days`,
        p.environment,
        {
          kind: "change",
          label: all ? "Remove all scopes" : `Remove ${names.length} unused`,
          title: `Narrow ${p.name} to the scopes it used`,
          reason: `Drift: no allowed decision in the last ${days} days for ${names.join(", ")}.`,
          operations: [{ entity: "profile", kind: "update", id: p.id, data: { removeScopeIds: unused.map((s) => s.id).sort() } }],
        },
      ),
    ];
  });
}
