// Time travel: the catalog as it was at a past instant, rebuilt from the audit
// log. Every catalog change wrote an event with the object's full snapshot
// after it (or its deletion), so replaying events up to the instant gives the
// state then.
import type { Db } from "../db/client";
import { catalogEntities } from "../audit/actions";
import type { CatalogSnapshot } from "./snapshot";

type Row = Record<string, unknown>;
const date = (v: unknown) => (typeof v === "string" ? new Date(v) : null);
const str = (v: unknown) => (typeof v === "string" ? v : "");
const optStr = (v: unknown) => (typeof v === "string" ? v : null);

export async function snapshotAt(db: Db, at: Date): Promise<{ lastSeq: number; snapshot: CatalogSnapshot }> {
  const state = new Map<string, Map<string, Row>>(catalogEntities.map((e) => [e, new Map()]));
  let lastSeq = 0;
  for (let after = 0; ; ) {
    const events = await db.auditEvent.findMany({
      where: { seq: { gt: after }, at: { lte: at }, targetType: { in: [...catalogEntities] } },
      orderBy: { seq: "asc" },
      take: 5_000,
      select: { seq: true, action: true, targetType: true, targetId: true, after: true },
    });
    for (const e of events) {
      const objects = state.get(e.targetType)!;
      if (e.action.endsWith(".deleted")) objects.delete(e.targetId);
      else if (e.after) objects.set(e.targetId, JSON.parse(e.after) as Row);
      lastSeq = e.seq;
    }
    if (events.length < 5_000) break;
    after = events.at(-1)!.seq;
  }
  const rows = (entity: string) => [...state.get(entity)!.values()];
  // deleting a client removed its bindings and claim rules with it (cascade)
  const clientIds = new Set(rows("client").map((r) => str(r.id)));
  for (const entity of ["binding", "claimRule"]) {
    for (const [id, r] of state.get(entity)!) if (r.clientId && !clientIds.has(str(r.clientId))) state.get(entity)!.delete(id);
  }
  return {
    lastSeq,
    snapshot: {
      environments: rows("environment").map((r) => ({ id: str(r.id), name: str(r.name), protection: str(r.protection) })),
      domains: rows("domain").map((r) => ({ id: str(r.id), name: str(r.name) })),
      resources: rows("resource").map((r) => ({
        id: str(r.id),
        name: str(r.name),
        kind: str(r.kind),
        environmentId: str(r.environmentId),
        domainId: str(r.domainId),
        criticality: str(r.criticality),
      })),
      scopes: rows("scope").map((r) => ({ id: str(r.id), resourceId: str(r.resourceId), action: str(r.action) })),
      profiles: rows("profile").map((r) => ({
        id: str(r.id),
        name: str(r.name),
        environmentId: optStr(r.environmentId),
        domainId: optStr(r.domainId),
        version: Number(r.version ?? 1),
        maxTokenLifetimeSeconds: Number(r.maxTokenLifetimeSeconds ?? 3600),
        expiresAt: date(r.expiresAt),
        scopeIds: Array.isArray(r.scopeIds) ? (r.scopeIds as string[]) : [],
      })),
      clients: rows("client").map((r) => ({ id: str(r.id), name: str(r.name), kind: str(r.kind), status: str(r.status), domainId: optStr(r.domainId) })),
      bindings: rows("binding").map((r) => ({ id: str(r.id), clientId: str(r.clientId), profileId: str(r.profileId), expiresAt: date(r.expiresAt) })),
      claimRules: rows("claimRule").map((r) => ({
        id: str(r.id),
        name: str(r.name),
        issuer: str(r.issuer),
        conditions: (r.conditions ?? {}) as Record<string, string>,
        profileId: str(r.profileId),
        clientId: optStr(r.clientId),
      })),
    },
  };
}
