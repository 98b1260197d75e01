// A catalog object as the read model holds it, from the snapshot the write
// path stored with its change (an Operation's `after`, an audit event's
// `after`): the same JSON, whether replayed for a past instant (./history.ts)
// or applied as a delta to the live model (./follower.ts).
import type {
  SnapshotBinding,
  SnapshotClaimRule,
  SnapshotClient,
  SnapshotDomain,
  SnapshotEnvironment,
  SnapshotProfile,
  SnapshotResource,
  SnapshotScope,
} from "./snapshot";

export type Row = Record<string, unknown>;

const date = (v: unknown) => (typeof v === "string" ? new Date(v) : null);
const str = (v: unknown) => (typeof v === "string" ? v : "");
const optStr = (v: unknown) => (typeof v === "string" ? v : null);

export const rowTo = {
  environment: (r: Row): SnapshotEnvironment => ({ id: str(r.id), name: str(r.name), protection: str(r.protection) }),
  domain: (r: Row): SnapshotDomain => ({ id: str(r.id), name: str(r.name) }),
  resource: (r: Row): SnapshotResource => ({
    id: str(r.id),
    name: str(r.name),
    kind: str(r.kind),
    environmentId: str(r.environmentId),
    domainId: str(r.domainId),
    criticality: str(r.criticality),
  }),
  scope: (r: Row): SnapshotScope => ({ id: str(r.id), resourceId: str(r.resourceId), action: str(r.action) }),
  profile: (r: Row): SnapshotProfile => ({
    id: str(r.id),
    name: str(r.name),
    environmentId: optStr(r.environmentId),
    domainId: optStr(r.domainId),
    version: Number(r.version ?? 1),
    maxTokenLifetimeSeconds: Number(r.maxTokenLifetimeSeconds ?? 3600),
    expiresAt: date(r.expiresAt),
    scopeIds: Array.isArray(r.scopeIds) ? [...(r.scopeIds as string[])].sort() : [],
  }),
  client: (r: Row): SnapshotClient => ({ id: str(r.id), name: str(r.name), kind: str(r.kind), status: str(r.status), domainId: optStr(r.domainId) }),
  binding: (r: Row): SnapshotBinding => ({ id: str(r.id), clientId: str(r.clientId), profileId: str(r.profileId), expiresAt: date(r.expiresAt) }),
  claimRule: (r: Row): SnapshotClaimRule => ({
    id: str(r.id),
    name: str(r.name),
    issuer: str(r.issuer),
    conditions: (r.conditions ?? {}) as Record<string, string>,
    profileId: str(r.profileId),
    clientId: optStr(r.clientId),
  }),
};

/** The entities the read model holds (credentials are not among them). */
export type ModelEntity = keyof typeof rowTo;
export const isModelEntity = (e: string): e is ModelEntity => Object.hasOwn(rowTo, e);
