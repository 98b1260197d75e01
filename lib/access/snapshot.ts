// The catalog as plain data: what the read model is compiled from, whether
// loaded from the database now or replayed from the audit log for a past instant.
import { isolation, type Db } from "../db/client";

export type SnapshotEnvironment = { id: string; name: string; protection: string };
export type SnapshotDomain = { id: string; name: string };
export type SnapshotResource = { id: string; name: string; kind: string; environmentId: string; domainId: string; criticality: string };
export type SnapshotScope = { id: string; resourceId: string; action: string };
export type SnapshotProfile = {
  id: string;
  name: string;
  environmentId: string | null;
  domainId: string | null;
  version: number;
  maxTokenLifetimeSeconds: number;
  expiresAt: Date | null;
  scopeIds: string[];
};
export type SnapshotClient = { id: string; name: string; kind: string; status: string; domainId: string | null };
export type SnapshotBinding = { id: string; clientId: string; profileId: string; expiresAt: Date | null };
export type SnapshotClaimRule = { id: string; name: string; issuer: string; conditions: Record<string, string>; profileId: string; clientId: string | null };

export type CatalogSnapshot = {
  environments: SnapshotEnvironment[];
  domains: SnapshotDomain[];
  resources: SnapshotResource[];
  scopes: SnapshotScope[];
  profiles: SnapshotProfile[];
  clients: SnapshotClient[];
  bindings: SnapshotBinding[];
  claimRules: SnapshotClaimRule[];
};

export async function loadSnapshot(db: Db): Promise<{ version: number; snapshot: CatalogSnapshot }> {
  // One snapshot, so the version and the rows agree (on PostgreSQL READ COMMITTED would give each
  // statement its own: rows from a version committed after the version read)
  return db.$transaction(async (tx) => {
    const state = await tx.catalogState.findUnique({ where: { id: 1 } });
    const [environments, domains, resources, scopes, profiles, profileScopes, clients, bindings, rules] = await Promise.all([
      tx.environment.findMany({ select: { id: true, name: true, protection: true } }),
      tx.domain.findMany({ select: { id: true, name: true } }),
      tx.resource.findMany({ select: { id: true, name: true, kind: true, environmentId: true, domainId: true, criticality: true } }),
      tx.scope.findMany({ select: { id: true, resourceId: true, action: true } }),
      tx.profile.findMany({ select: { id: true, name: true, environmentId: true, domainId: true, version: true, maxTokenLifetimeSeconds: true, expiresAt: true } }),
      tx.profileScope.findMany({ select: { profileId: true, scopeId: true } }),
      tx.client.findMany({ select: { id: true, name: true, kind: true, status: true, domainId: true } }),
      tx.binding.findMany({ select: { id: true, clientId: true, profileId: true, expiresAt: true } }),
      tx.claimRule.findMany({ select: { id: true, name: true, issuer: true, conditions: true, profileId: true, clientId: true } }),
    ]);
    const scopesOf = new Map<string, string[]>();
    for (const ps of profileScopes) scopesOf.set(ps.profileId, [...(scopesOf.get(ps.profileId) ?? []), ps.scopeId]);
    return {
      version: state?.catalogVersion ?? 0,
      snapshot: {
        environments,
        domains,
        resources,
        scopes,
        profiles: profiles.map((p) => ({ ...p, scopeIds: scopesOf.get(p.id) ?? [] })),
        clients,
        bindings,
        claimRules: rules.map((r) => ({ ...r, conditions: JSON.parse(r.conditions) as Record<string, string> })),
      },
    };
  }, { timeout: 60_000, ...isolation(db, "RepeatableRead") });
}
