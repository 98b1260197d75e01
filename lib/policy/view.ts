// The small in-memory view the policy checks run over, and its loaders: one
// for the objects a change touched (indexed lookups by id only), one for the
// whole catalog (a handful of filtered or aggregate queries).
import type { Tx } from "../db/client";

export type EnvironmentView = { id: string; name: string; protected: boolean; blockingChecks: string[] };

export type ScopeView = { id: string; name: string; action: string; resourceId: string; environmentId: string; heldBy: number };

/** A profile's scopes, summarised per environment of their resources. */
export type ProfileReach = { environmentId: string; scopes: number; writes: number; adminResources: number };

export type ProfileView = { id: string; name: string; environmentId: string | null; expiresAt: Date | null; reach: ProfileReach[] };

export type BindingView = { id: string; name: string; clientKind: string; profileId: string; expiresAt: Date | null };

export type ClaimRuleView = { id: string; name: string; issuer: string; conditions: Record<string, string>; profileId: string };

export type PolicyView = {
  environments: Map<string, EnvironmentView>;
  /** profiles to check, plus those loaded only as context for a binding or claim rule */
  profiles: Map<string, ProfileView>;
  /** resources per environment; only environments where some profile may hold admin on everything */
  resourcesPerEnvironment: Map<string, number>;
  /** the objects whose findings are wanted */
  subjects: { scopes: ScopeView[]; profileIds: string[]; bindings: BindingView[]; claimRules: ClaimRuleView[] };
};

/** "Admin on everything" needs at least this many resources, so tiny environments don't trip it. */
export const adminOnEverythingMinimum = 3;
/** Actions that can change state; `*` includes them all. */
export const writeActions = ["write", "admin", "*"];
export const adminActions = ["admin", "*"];

export type SubjectIds = { scopes: string[]; profiles: string[]; bindings: string[]; claimRules: string[] };

const scopeSelect = {
  id: true,
  action: true,
  resourceId: true,
  resource: { select: { name: true, environmentId: true } },
  _count: { select: { profiles: true } },
} as const;

type ScopeRow = { id: string; action: string; resourceId: string; resource: { name: string; environmentId: string }; _count: { profiles: number } };

const toScope = (s: ScopeRow): ScopeView => ({
  id: s.id,
  name: `${s.resource.name}:${s.action}`,
  action: s.action,
  resourceId: s.resourceId,
  environmentId: s.resource.environmentId,
  heldBy: s._count.profiles,
});

const bindingSelect = { id: true, expiresAt: true, profileId: true, client: { select: { name: true, kind: true } }, profile: { select: { name: true } } } as const;

type BindingRow = { id: string; expiresAt: Date | null; profileId: string; client: { name: string; kind: string }; profile: { name: string } };

const toBinding = (b: BindingRow): BindingView => ({
  id: b.id,
  name: `${b.client.name} → ${b.profile.name}`,
  clientKind: b.client.kind,
  profileId: b.profileId,
  expiresAt: b.expiresAt,
});

const ruleSelect = { id: true, name: true, issuer: true, conditions: true, profileId: true } as const;

const toRule = (r: { id: string; name: string; issuer: string; conditions: string; profileId: string }): ClaimRuleView => ({
  ...r,
  conditions: JSON.parse(r.conditions) as Record<string, string>,
});

async function environments(tx: Tx): Promise<Map<string, EnvironmentView>> {
  // A handful of rows: always read whole.
  const rows = await tx.environment.findMany({ select: { id: true, name: true, protection: true, blockingChecks: true } });
  return new Map(rows.map((e) => [e.id, { id: e.id, name: e.name, protected: e.protection === "protected", blockingChecks: JSON.parse(e.blockingChecks) as string[] }]));
}

/** Resource counts, only for environments where a profile holds admin on enough resources to matter. */
async function resourceCounts(tx: Tx, profiles: Iterable<ProfileView>): Promise<Map<string, number>> {
  const envIds = new Set<string>();
  for (const p of profiles) for (const r of p.reach) if (r.adminResources >= adminOnEverythingMinimum) envIds.add(r.environmentId);
  if (!envIds.size) return new Map();
  const rows = await tx.resource.groupBy({
    by: ["environmentId"],
    where: { environmentId: { in: [...envIds] } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.environmentId, r._count._all]));
}

/** Summarises scope rows per environment, the same way the catalog-wide SQL aggregate does. */
export function summarise(rows: { action: string; resourceId: string; environmentId: string }[]): ProfileReach[] {
  const byEnv = new Map<string, { scopes: number; writes: number; admin: Set<string> }>();
  for (const r of rows) {
    const e = byEnv.get(r.environmentId) ?? { scopes: 0, writes: 0, admin: new Set<string>() };
    e.scopes++;
    if (writeActions.includes(r.action)) e.writes++;
    if (adminActions.includes(r.action)) e.admin.add(r.resourceId);
    byEnv.set(r.environmentId, e);
  }
  return [...byEnv].map(([environmentId, e]) => ({ environmentId, scopes: e.scopes, writes: e.writes, adminResources: e.admin.size }));
}

async function profilesById(tx: Tx, ids: string[]): Promise<Map<string, ProfileView>> {
  if (!ids.length) return new Map();
  const [rows, held] = await Promise.all([
    tx.profile.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, environmentId: true, expiresAt: true } }),
    tx.profileScope.findMany({
      where: { profileId: { in: ids } },
      select: { profileId: true, scope: { select: { action: true, resourceId: true, resource: { select: { environmentId: true } } } } },
    }),
  ]);
  const byProfile = new Map<string, { action: string; resourceId: string; environmentId: string }[]>();
  for (const h of held) {
    const list = byProfile.get(h.profileId) ?? [];
    list.push({ action: h.scope.action, resourceId: h.scope.resourceId, environmentId: h.scope.resource.environmentId });
    byProfile.set(h.profileId, list);
  }
  return new Map(rows.map((p) => [p.id, { ...p, reach: summarise(byProfile.get(p.id) ?? []) }]));
}

/** The view for a set of objects (already expanded to what a change affects). */
export async function loadView(tx: Tx, ids: SubjectIds): Promise<PolicyView> {
  const [envs, scopes, bindings, rules] = await Promise.all([
    environments(tx),
    ids.scopes.length ? tx.scope.findMany({ where: { id: { in: ids.scopes } }, select: scopeSelect }) : [],
    ids.bindings.length ? tx.binding.findMany({ where: { id: { in: ids.bindings } }, select: bindingSelect }) : [],
    ids.claimRules.length ? tx.claimRule.findMany({ where: { id: { in: ids.claimRules } }, select: ruleSelect }) : [],
  ]);
  // Bindings and rules need their profile's environment and reach as context.
  const profileIds = new Set([...ids.profiles, ...bindings.map((b) => b.profileId), ...rules.map((r) => r.profileId)]);
  const profiles = await profilesById(tx, [...profileIds]);
  const subjectProfiles = ids.profiles.filter((id) => profiles.has(id));
  return {
    environments: envs,
    profiles,
    resourcesPerEnvironment: await resourceCounts(tx, subjectProfiles.map((id) => profiles.get(id)!)),
    subjects: { scopes: scopes.map(toScope), profileIds: subjectProfiles, bindings: bindings.map(toBinding), claimRules: rules.map(toRule) },
  };
}

type ReachRow = { profileId: string; environmentId: string; scopes: unknown; writes: unknown; adminResources: unknown };

/** Every profile's reach in one aggregate query (ProfileScope can hold hundreds of thousands of rows). */
async function allReach(tx: Tx): Promise<Map<string, ProfileReach[]>> {
  // Counts come back as bigint, number or string depending on the driver.
  const rows = await tx.$queryRaw<ReachRow[]>`
    SELECT ps."profileId" AS "profileId", r."environmentId" AS "environmentId", COUNT(*) AS "scopes",
      SUM(CASE WHEN s."action" IN ('write', 'admin', '*') THEN 1 ELSE 0 END) AS "writes",
      COUNT(DISTINCT CASE WHEN s."action" IN ('admin', '*') THEN s."resourceId" END) AS "adminResources"
    FROM "ProfileScope" ps
    JOIN "Scope" s ON s."id" = ps."scopeId"
    JOIN "Resource" r ON r."id" = s."resourceId"
    GROUP BY ps."profileId", r."environmentId"`;
  const reach = new Map<string, ProfileReach[]>();
  for (const r of rows) {
    const list = reach.get(r.profileId) ?? [];
    list.push({ environmentId: r.environmentId, scopes: Number(r.scopes), writes: Number(r.writes), adminResources: Number(r.adminResources) });
    reach.set(r.profileId, list);
  }
  return reach;
}

export type FullViewOptions = {
  /** unused scopes can number in the tens of thousands: load at most this many (0 skips them) */
  unusedScopeLimit: number;
  /** restricts the scope queries to one environment */
  environmentId?: string;
  /** restricts unused scopes to those whose resource name or action contains this (lowercase) */
  scopeSearch?: string;
};

/**
 * The view over the whole catalog. Scopes and bindings are pre-filtered in the
 * database to the ones a check can fire on; everything else is small.
 */
export async function loadFullView(tx: Tx, opts: FullViewOptions): Promise<{ view: PolicyView; unusedScopes: number }> {
  const inEnv = opts.environmentId ? { resource: { environmentId: opts.environmentId } } : {};
  const q = opts.scopeSearch;
  const unused = { profiles: { none: {} }, ...inEnv, ...(q ? { OR: [{ resource: { name: { contains: q } } }, { action: { contains: q } }] } : {}) };
  const [envs, catchAll, unusedRows, unusedScopes, profileRows, reach, bindings, rules] = await Promise.all([
    environments(tx),
    tx.scope.findMany({ where: { action: "*", ...inEnv }, select: scopeSelect }),
    opts.unusedScopeLimit ? tx.scope.findMany({ where: unused, select: scopeSelect, orderBy: { id: "asc" }, take: opts.unusedScopeLimit }) : [],
    opts.unusedScopeLimit ? tx.scope.count({ where: unused }) : 0,
    tx.profile.findMany({ select: { id: true, name: true, environmentId: true, expiresAt: true } }),
    allReach(tx),
    tx.binding.findMany({ where: { expiresAt: null, client: { kind: "human" } }, select: bindingSelect }),
    tx.claimRule.findMany({ select: ruleSelect }),
  ]);
  const profiles = new Map(profileRows.map((p) => [p.id, { ...p, reach: reach.get(p.id) ?? [] }]));
  const scopes = new Map([...catchAll, ...unusedRows].map((s) => [s.id, toScope(s)]));
  return {
    view: {
      environments: envs,
      profiles,
      resourcesPerEnvironment: await resourceCounts(tx, profiles.values()),
      subjects: { scopes: [...scopes.values()], profileIds: [...profiles.keys()], bindings: bindings.map(toBinding), claimRules: rules.map(toRule) },
    },
    unusedScopes,
  };
}
