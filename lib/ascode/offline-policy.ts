// The least-privilege checks (lib/policy/checks.ts) over the files alone: the
// same pure check functions, over a PolicyView built from the desired state,
// where every id is the object's name in the files.
import { runChecks } from "../policy/checks";
import type { Finding } from "../policy/findings";
import { summarise, type PolicyView, type ProfileView } from "../policy/view";
import type { CatalogState } from "./format";
import { bindingKey } from "./keys";

export function offlineView(s: CatalogState): PolicyView {
  const environments = new Map(
    s.environments.map((e) => [e.name, { id: e.name, name: e.name, protected: e.protection === "protected", blockingChecks: e.blockingChecks ?? [] }]),
  );
  const scopeInfo = new Map<string, { action: string; resourceId: string; environmentId: string }>(
    s.resources.flatMap((r) => (r.scopes ?? []).map((sc) => [`${r.environment}/${r.name}:${sc.action}`, { action: sc.action, resourceId: `${r.environment}/${r.name}`, environmentId: r.environment }] as const)),
  );
  const profiles = new Map<string, ProfileView>(
    s.profiles.map((p) => [
      p.name,
      {
        id: p.name,
        name: p.name,
        environmentId: p.environment ?? null,
        expiresAt: p.expiresAt ? new Date(p.expiresAt) : null,
        reach: summarise((p.scopes ?? []).flatMap((k) => scopeInfo.get(k) ?? [])),
      },
    ]),
  );
  const heldBy = new Map<string, number>();
  for (const p of s.profiles) for (const k of p.scopes ?? []) heldBy.set(k, (heldBy.get(k) ?? 0) + 1);
  const perEnv = new Map<string, number>();
  for (const r of s.resources) perEnv.set(r.environment, (perEnv.get(r.environment) ?? 0) + 1);
  return {
    environments,
    profiles,
    resourcesPerEnvironment: perEnv,
    subjects: {
      scopes: [...scopeInfo].map(([key, sc]) => ({ id: key, name: key.slice(key.indexOf("/") + 1), action: sc.action, resourceId: sc.resourceId, environmentId: sc.environmentId, heldBy: heldBy.get(key) ?? 0 })),
      profileIds: [...profiles.keys()],
      bindings: s.clients.flatMap((c) =>
        (c.bindings ?? []).map((b) => ({ id: bindingKey(c.name, b.profile), name: `${c.name} → ${b.profile}`, clientKind: c.kind, profileId: b.profile, expiresAt: b.expiresAt ? new Date(b.expiresAt) : null })),
      ),
      claimRules: s.claimRules.map((r) => ({ id: r.name, name: r.name, issuer: r.issuer, conditions: r.conditions ?? {}, profileId: r.profile })),
    },
  };
}

/** The policy findings the files would produce, most severe first. */
export function offlineFindings(s: CatalogState): Finding[] {
  return runChecks(offlineView(s));
}
