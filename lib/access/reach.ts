// Reach: which (resource, action) pairs each client can use at an instant,
// through its unexpired bindings and its claim rules, via unexpired profiles.
// Used inside a change's transaction to compute its reach delta.
import type { Tx } from "../db/client";
import type { ParsedOperation } from "../changes/operations";

export type Reach = Map<string, Set<string>>;

const key = (resourceId: string, action: string) => `${resourceId}|${action}`;

export async function reachOf(tx: Tx, clientIds: string[], at: Date): Promise<Reach> {
  const reach: Reach = new Map(clientIds.map((id) => [id, new Set<string>()]));
  if (clientIds.length === 0) return reach;
  const active = await tx.client.findMany({ where: { id: { in: clientIds }, status: "active" }, select: { id: true } });
  const activeIds = active.map((c) => c.id);
  const unexpired = { OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] };
  const [bindings, rules] = await Promise.all([
    tx.binding.findMany({ where: { clientId: { in: activeIds }, ...unexpired }, select: { clientId: true, profileId: true } }),
    tx.claimRule.findMany({ where: { clientId: { in: activeIds } }, select: { clientId: true, profileId: true } }),
  ]);
  const links = [...bindings, ...rules];
  const profiles = await tx.profile.findMany({
    where: { id: { in: [...new Set(links.map((l) => l.profileId))] }, ...unexpired },
    select: { id: true, scopes: { select: { scope: { select: { resourceId: true, action: true } } } } },
  });
  const grants = new Map(profiles.map((p) => [p.id, p.scopes.map((s) => key(s.scope.resourceId, s.scope.action))]));
  for (const l of links) for (const g of grants.get(l.profileId) ?? []) reach.get(l.clientId!)?.add(g);
  return reach;
}

/** Clients whose reach an operation can change, looked up before it is applied. */
export async function affectedClients(tx: Tx, ops: ParsedOperation[]): Promise<string[]> {
  const clients = new Set<string>();
  const profiles = new Set<string>();
  const data = (op: ParsedOperation) => (op.kind === "delete" ? {} : (op.data as Record<string, unknown>));
  for (const op of ops) {
    const d = data(op);
    if (op.entity === "client" && op.kind !== "create") clients.add(op.id);
    if (op.entity === "binding" || op.entity === "claimRule") {
      if (typeof d.clientId === "string") clients.add(d.clientId);
      if (typeof d.profileId === "string") profiles.add(d.profileId);
      if (op.kind !== "create") {
        const row =
          op.entity === "binding"
            ? await tx.binding.findUnique({ where: { id: op.id }, select: { clientId: true, profileId: true } })
            : await tx.claimRule.findUnique({ where: { id: op.id }, select: { clientId: true, profileId: true } });
        if (row?.clientId) clients.add(row.clientId);
        if (row) profiles.add(row.profileId);
      }
    }
    if (op.entity === "profile" && op.kind !== "create") profiles.add(op.id);
    if (op.entity === "scope" && op.kind !== "create") {
      const held = await tx.profileScope.findMany({ where: { scopeId: op.id }, select: { profileId: true } });
      for (const h of held) profiles.add(h.profileId);
    }
  }
  if (profiles.size) {
    const ids = [...profiles];
    const [bound, ruled] = await Promise.all([
      tx.binding.findMany({ where: { profileId: { in: ids } }, select: { clientId: true } }),
      tx.claimRule.findMany({ where: { profileId: { in: ids }, clientId: { not: null } }, select: { clientId: true } }),
    ]);
    for (const b of [...bound, ...ruled]) if (b.clientId) clients.add(b.clientId);
  }
  return [...clients];
}

export type ReachEntry = {
  clientId: string;
  client: string;
  clientKind: string;
  resourceId: string;
  resource: string;
  action: string;
  environment: string;
  protected: boolean;
  criticality: string;
  domainId: string;
};

export type ReachDelta = { gained: ReachEntry[]; lost: ReachEntry[]; clientsGaining: number; clientsLosing: number };

type ClientInfo = Map<string, { name: string; kind: string }>;

/** Names the gained and lost grants (client names captured before the change, for deleted clients). */
export async function reachDelta(tx: Tx, before: Reach, after: Reach, clientInfo: ClientInfo): Promise<ReachDelta> {
  const gained: [string, string][] = [];
  const lost: [string, string][] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id) ?? new Set<string>();
    const a = after.get(id) ?? new Set<string>();
    for (const g of a) if (!b.has(g)) gained.push([id, g]);
    for (const g of b) if (!a.has(g)) lost.push([id, g]);
  }
  const resourceIds = [...new Set([...gained, ...lost].map(([, g]) => g.split("|")[0]!))];
  const resources = await tx.resource.findMany({
    where: { id: { in: resourceIds } },
    select: { id: true, name: true, criticality: true, domainId: true, environment: { select: { name: true, protection: true } } },
  });
  const byId = new Map(resources.map((r) => [r.id, r]));
  const entry = ([clientId, g]: [string, string]): ReachEntry => {
    const [resourceId, action] = g.split("|") as [string, string];
    const r = byId.get(resourceId);
    const c = clientInfo.get(clientId);
    return {
      clientId,
      client: c?.name ?? clientId,
      clientKind: c?.kind ?? "unknown",
      resourceId,
      resource: r ? `${r.environment.name}/${r.name}` : resourceId,
      action,
      environment: r?.environment.name ?? "",
      protected: r?.environment.protection === "protected",
      criticality: r?.criticality ?? "medium",
      domainId: r?.domainId ?? "",
    };
  };
  return {
    gained: gained.map(entry),
    lost: lost.map(entry),
    clientsGaining: new Set(gained.map(([c]) => c)).size,
    clientsLosing: new Set(lost.map(([c]) => c)).size,
  };
}

export async function clientInfo(tx: Tx, ids: string[]): Promise<ClientInfo> {
  const rows = await tx.client.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, kind: true } });
  return new Map(rows.map((c) => [c.id, { name: c.name, kind: c.kind }]));
}
