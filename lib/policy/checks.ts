// The least-privilege check catalogue: what each check looks for, as data, and
// one pure function per check over a PolicyView (no database access here).
import type { Finding, Severity } from "./findings";
import type { BindingView, PolicyView, ProfileView } from "./view";
import { adminOnEverythingMinimum } from "./view";

export const severities = ["critical", "high", "medium", "low"] as const satisfies readonly Severity[];

export const checks = [
  {
    id: "catch-all-scope",
    severity: "critical",
    title: "Catch-all scope",
    explanation: "A scope for every action (*), or a profile with admin on every resource of an environment, grants far more than any task needs.",
  },
  {
    id: "prod-write-without-expiry",
    severity: "high",
    title: "Write access to a protected environment that never expires",
    explanation: "Profiles that can write or administer protected resources should end, so access is reviewed again.",
  },
  {
    id: "claim-rule-matches-all",
    severity: "high",
    title: "Claim rule matches every subject",
    explanation: "A rule with no conditions, or only wildcards, gives its profile to every identity its issuer vouches for.",
  },
  {
    id: "profile-spans-environments",
    severity: "medium",
    title: "Profile spans environments",
    explanation: "A profile should act in one environment; mixing them lets a staging credential reach production.",
  },
  {
    id: "human-binding-without-expiry-prod",
    severity: "medium",
    title: "Permanent human access to a protected environment",
    explanation: "People should get protected-environment access as temporary grants, not standing bindings.",
  },
  {
    id: "unused-scope",
    severity: "low",
    title: "Unused scope",
    explanation: "A scope that no profile holds is clutter that can be granted by mistake later.",
  },
] as const satisfies readonly { id: string; severity: Severity; title: string; explanation: string }[];

export type CheckId = (typeof checks)[number]["id"];
export type CheckInfo = (typeof checks)[number];
export const checkIds = checks.map((c) => c.id) as CheckId[];
export const checkInfo = Object.fromEntries(checks.map((c) => [c.id, c])) as Record<CheckId, CheckInfo>;

/** Condition values that match any claim value. */
const wildcards = new Set(["*", "**", ".*"]);

function finding(view: PolicyView, checkId: CheckId, target: Finding["target"], environmentId: string | null, message: string): Finding {
  const env = environmentId ? view.environments.get(environmentId) : undefined;
  return {
    checkId,
    severity: checkInfo[checkId].severity,
    message,
    target,
    environment: env?.name ?? null,
    blocking: env?.blockingChecks.includes(checkId) ?? false,
  };
}

const envName = (view: PolicyView, id: string) => view.environments.get(id)?.name ?? id;
const reached = (p: ProfileView) => p.reach.filter((r) => r.scopes > 0).map((r) => r.environmentId);
const isProtected = (view: PolicyView, id: string | null) => (id ? (view.environments.get(id)?.protected ?? false) : false);
const profileTarget = (p: ProfileView): Finding["target"] => ({ entity: "profile", id: p.id, name: p.name });
const subjectProfiles = (view: PolicyView) => view.subjects.profileIds.flatMap((id) => view.profiles.get(id) ?? []);

/** The protected environment a profile is in, or else reaches through its scopes. */
export function protectedEnvironmentOf(view: PolicyView, p: ProfileView): string | null {
  if (isProtected(view, p.environmentId)) return p.environmentId;
  return reached(p).find((e) => isProtected(view, e)) ?? null;
}

/**
 * The environment a profile's findings belong to: its own; for a profile tied
 * to none, the protected one it reaches (so leaving environmentId empty cannot
 * dodge that environment's blocking checks), else the only one it reaches.
 */
export function homeEnvironment(view: PolicyView, p: ProfileView): string | null {
  if (p.environmentId) return p.environmentId;
  const envs = reached(p);
  return protectedEnvironmentOf(view, p) ?? (envs.length === 1 ? envs[0]! : null);
}

function catchAllScope(view: PolicyView): Finding[] {
  const scopes = view.subjects.scopes
    .filter((s) => s.action === "*")
    .map((s) =>
      finding(view, "catch-all-scope", { entity: "scope", id: s.id, name: s.name, resourceId: s.resourceId }, s.environmentId, `${s.name} grants every action on its resource`),
    );
  const profiles = subjectProfiles(view).flatMap((p) =>
    p.reach.flatMap((r) => {
      const total = view.resourcesPerEnvironment.get(r.environmentId) ?? 0;
      if (total < adminOnEverythingMinimum || r.adminResources < total) return [];
      const message = `${p.name} holds admin on all ${total} resources in ${envName(view, r.environmentId)}`;
      return [finding(view, "catch-all-scope", profileTarget(p), r.environmentId, message)];
    }),
  );
  return [...scopes, ...profiles];
}

function prodWriteWithoutExpiry(view: PolicyView): Finding[] {
  return subjectProfiles(view).flatMap((p) => {
    if (p.expiresAt) return [];
    const writes = p.reach.reduce((n, r) => n + r.writes, 0);
    const env = isProtected(view, p.environmentId) && writes > 0 ? p.environmentId : p.reach.find((r) => r.writes > 0 && isProtected(view, r.environmentId))?.environmentId;
    if (!env) return [];
    return [finding(view, "prod-write-without-expiry", profileTarget(p), env, `${p.name} can write in ${envName(view, env)} and has no expiry`)];
  });
}

function profileSpansEnvironments(view: PolicyView): Finding[] {
  return subjectProfiles(view).flatMap((p) => {
    const envs = reached(p);
    const outside = p.environmentId ? envs.filter((e) => e !== p.environmentId) : [];
    if (envs.length < 2 && !outside.length) return [];
    const names = (ids: string[]) => ids.map((e) => envName(view, e)).sort().join(", ");
    const message = outside.length
      ? `${p.name} belongs to ${envName(view, p.environmentId!)} but holds scopes in ${names(outside)}`
      : `${p.name} holds scopes in ${names(envs)}`;
    return [finding(view, "profile-spans-environments", profileTarget(p), homeEnvironment(view, p), message)];
  });
}

function claimRuleMatchesAll(view: PolicyView): Finding[] {
  return view.subjects.claimRules.flatMap((r) => {
    const values = Object.values(r.conditions);
    if (!values.every((v) => wildcards.has(v.trim()))) return [];
    const profile = view.profiles.get(r.profileId);
    const why = values.length ? "only wildcard conditions" : "no conditions";
    return [
      finding(view, "claim-rule-matches-all", { entity: "claimRule", id: r.id, name: r.name }, profile ? homeEnvironment(view, profile) : null, `${r.name} has ${why}: it matches every subject of ${r.issuer}`),
    ];
  });
}

function humanBindingWithoutExpiry(view: PolicyView): Finding[] {
  return view.subjects.bindings.flatMap((b: BindingView) => {
    const profile = view.profiles.get(b.profileId);
    if (b.clientKind !== "human" || b.expiresAt || !profile) return [];
    const env = protectedEnvironmentOf(view, profile);
    if (!env) return [];
    const message = `${b.name} gives a person standing access to ${envName(view, env)}; make it a temporary grant`;
    return [finding(view, "human-binding-without-expiry-prod", { entity: "binding", id: b.id, name: b.name }, env, message)];
  });
}

function unusedScope(view: PolicyView): Finding[] {
  return view.subjects.scopes
    .filter((s) => s.heldBy === 0)
    .map((s) => finding(view, "unused-scope", { entity: "scope", id: s.id, name: s.name, resourceId: s.resourceId }, s.environmentId, `${s.name} is held by no profile`));
}

export const runners: Record<CheckId, (view: PolicyView) => Finding[]> = {
  "catch-all-scope": catchAllScope,
  "prod-write-without-expiry": prodWriteWithoutExpiry,
  "claim-rule-matches-all": claimRuleMatchesAll,
  "profile-spans-environments": profileSpansEnvironments,
  "human-binding-without-expiry-prod": humanBindingWithoutExpiry,
  "unused-scope": unusedScope,
};

const rank = Object.fromEntries(severities.map((s, i) => [s, i])) as Record<Severity, number>;

/** Most severe first, then by check and target, so lists are stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return rank[a.severity] - rank[b.severity] || a.checkId.localeCompare(b.checkId) || a.target.name.localeCompare(b.target.name);
}

/** Runs the checks (all, or the ones named) over a view. */
export function runChecks(view: PolicyView, only: readonly CheckId[] = checkIds): Finding[] {
  return only.flatMap((id) => runners[id](view)).sort(compareFindings);
}
