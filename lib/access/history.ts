// Time travel: the catalog as it was at a past instant, rebuilt from the audit
// log. Every catalog change wrote an event with the object's full snapshot
// after it (or its deletion), so replaying events up to the instant gives the
// state then.
import type { Db } from "../db/client";
import { catalogEntities } from "../audit/actions";
import { rowTo, type Row } from "./catalog-rows";
import type { CatalogSnapshot } from "./snapshot";

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
  const clientIds = new Set(rows("client").map((r) => r.id));
  for (const entity of ["binding", "claimRule"]) {
    for (const [id, r] of state.get(entity)!) if (typeof r.clientId === "string" && !clientIds.has(r.clientId)) state.get(entity)!.delete(id);
  }
  return {
    lastSeq,
    snapshot: {
      environments: rows("environment").map(rowTo.environment),
      domains: rows("domain").map(rowTo.domain),
      resources: rows("resource").map(rowTo.resource),
      scopes: rows("scope").map(rowTo.scope),
      profiles: rows("profile").map(rowTo.profile),
      clients: rows("client").map(rowTo.client),
      bindings: rows("binding").map(rowTo.binding),
      claimRules: rows("claimRule").map(rowTo.claimRule),
    },
  };
}
