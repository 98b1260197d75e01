// What each profile version changed against the one before it: scopes added
// and removed, and limit changes. Pure, so the history reads the same wherever
// it is shown.

export type VersionSnapshot = {
  version: number;
  scopeIds: readonly string[];
  maxTokenLifetimeSeconds: number;
  expiresAt: Date | null;
};

export type VersionDiff = {
  /** scope ids held now but not at the previous version (all of them for the first version) */
  added: string[];
  /** scope ids held at the previous version but not now */
  removed: string[];
  /** set when the max token lifetime changed against the previous version */
  lifetime: { from: number; to: number } | null;
  /** set when the expiry changed against the previous version */
  expiry: { from: Date | null; to: Date | null } | null;
};

const time = (d: Date | null) => (d ? d.getTime() : null);

/** Diffs each version against the previous one (by version number) and returns them newest first. */
export function diffProfileVersions<V extends VersionSnapshot>(versions: readonly V[]): (V & VersionDiff)[] {
  const ascending = [...versions].sort((a, b) => a.version - b.version);
  const out = ascending.map((v, i): V & VersionDiff => {
    const prev = i > 0 ? ascending[i - 1] : undefined;
    const before = new Set(prev?.scopeIds ?? []);
    const now = new Set(v.scopeIds);
    return {
      ...v,
      added: [...now].filter((s) => !before.has(s)).sort(),
      removed: [...before].filter((s) => !now.has(s)).sort(),
      lifetime: prev && prev.maxTokenLifetimeSeconds !== v.maxTokenLifetimeSeconds ? { from: prev.maxTokenLifetimeSeconds, to: v.maxTokenLifetimeSeconds } : null,
      expiry: prev && time(prev.expiresAt) !== time(v.expiresAt) ? { from: prev.expiresAt, to: v.expiresAt } : null,
    };
  });
  return out.reverse();
}
