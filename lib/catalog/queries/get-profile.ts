import { z } from "zod";
import type { Db } from "../../db/client";
import { formatDuration } from "../../format";
import { diffProfileVersions } from "../profile-version-diff";

/** A scope as the profile page names it; `deleted` when it no longer exists in the catalog. */
export type ScopeRef = { id: string; name: string; deleted: boolean };

// storable-scan: parses stored JSON the write path wrote, not input
const scopeIdList = z.array(z.string());

const scopeSelect = {
  id: true,
  action: true,
  resource: { select: { id: true, name: true, criticality: true, environment: { select: { name: true } } } },
} as const;

async function scopeNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const rows = await db.scope.findMany({ where: { id: { in: ids } }, select: { id: true, action: true, resource: { select: { name: true } } } });
  return new Map(rows.map((s) => [s.id, `${s.resource.name}:${s.action}`]));
}

async function versionHistory(db: Db, profileId: string) {
  const rows = await db.profileVersion.findMany({ where: { profileId }, orderBy: { version: "desc" } });
  const versions = diffProfileVersions(rows.map((r) => ({ ...r, scopeIds: scopeIdList.parse(JSON.parse(r.scopeIds)) })));
  const ids = [...new Set(versions.flatMap((v) => [...v.added, ...v.removed]))];
  const crIds = [...new Set(versions.flatMap((v) => (v.changeRequestId ? [v.changeRequestId] : [])))];
  const [names, changes] = await Promise.all([
    scopeNames(db, ids),
    db.changeRequest.findMany({ where: { id: { in: crIds } }, select: { id: true, number: true } }),
  ]);
  const ref = (id: string): ScopeRef => ({ id, name: names.get(id) ?? id, deleted: !names.has(id) });
  const byName = (a: ScopeRef, b: ScopeRef) => a.name.localeCompare(b.name);
  const numbers = new Map(changes.map((c) => [c.id, c.number]));
  return versions.map((v) => ({
    version: v.version,
    createdAt: v.createdAt,
    scopeCount: v.scopeIds.length,
    added: v.added.map(ref).sort(byName),
    removed: v.removed.map(ref).sort(byName),
    maxTokenLifetimeSeconds: v.maxTokenLifetimeSeconds,
    lifetime: v.lifetime,
    expiresAt: v.expiresAt,
    expiry: v.expiry,
    /** CR number of the change that made this version; null when unknown */
    changeNumber: v.changeRequestId ? (numbers.get(v.changeRequestId) ?? null) : null,
  }));
}

export async function getProfile(db: Db, id: string) {
  const p = await db.profile.findUnique({
    where: { id },
    include: {
      environment: { select: { id: true, name: true, displayName: true, protection: true } },
      domain: { select: { id: true, name: true, displayName: true } },
      scopes: { select: { scope: { select: scopeSelect } } },
      bindings: {
        orderBy: { client: { name: "asc" } },
        select: { id: true, expiresAt: true, reason: true, client: { select: { id: true, name: true, kind: true, status: true } } },
      },
      claimRules: { orderBy: { name: "asc" }, select: { id: true, name: true, issuer: true, client: { select: { id: true, name: true } } } },
    },
  });
  if (!p) return null;
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    owner: p.owner,
    version: p.version,
    maxTokenLifetimeSeconds: p.maxTokenLifetimeSeconds,
    lifetime: formatDuration(p.maxTokenLifetimeSeconds),
    expiresAt: p.expiresAt,
    environment: p.environment,
    domain: p.domain,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    scopes: p.scopes
      .map(({ scope: s }) => ({
        id: s.id,
        name: `${s.resource.name}:${s.action}`,
        resource: { id: s.resource.id, name: s.resource.name },
        environment: s.resource.environment.name,
        criticality: s.resource.criticality,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    versions: await versionHistory(db, p.id),
    bindings: p.bindings,
    claimRules: p.claimRules,
  };
}

export type ProfileDetail = NonNullable<Awaited<ReturnType<typeof getProfile>>>;
