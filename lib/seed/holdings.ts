// Who held which scope when, replayed from the demo history's operations
// (the same input the seed gives submitChange), so the usage generator never
// has a client use a grant before it was given or after it was taken away.
// Handles the operations the demo history uses: clients created and
// suspended, bindings created (possibly expiring) and deleted, claim rules,
// profiles created and given more scopes.
import type { TimedStep } from "./demo-workflow";

/** One client's hold on one scope through one profile, over [from, until). */
export type Held = { clientId: string; profileId: string; scopeId: string; from: Date; until: Date | null };
export type ClientLife = { id: string; name: string; kind: string; createdAt: Date; suspendedAt: Date | null };
export type Holdings = { clients: Map<string, ClientLife>; held: Held[] };

type Link = { clientId: string; profileId: string; from: Date; until: Date | null };
type OpData = {
  name?: string;
  kind?: string;
  status?: string;
  clientId?: string;
  profileId?: string;
  expiresAt?: string | null;
  scopeIds?: string[];
  addScopeIds?: string[];
};

const earlier = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a < b ? a : b);
const later = (...ds: Date[]) => new Date(Math.max(...ds.map((d) => d.getTime())));

export function replayHoldings(steps: TimedStep[]): Holdings {
  const clients = new Map<string, ClientLife>();
  const scopesSince = new Map<string, Map<string, Date>>();
  const bindings = new Map<string, Link>();
  const links: Link[] = [];
  for (const step of steps) {
    for (const op of step.operations) {
      const data = ("data" in op ? op.data : {}) as OpData;
      const id = op.id ?? "";
      if (op.entity === "client" && op.kind === "create") {
        clients.set(id, { id, name: data.name!, kind: data.kind!, createdAt: step.at, suspendedAt: data.status === "suspended" ? step.at : null });
      } else if (op.entity === "client" && op.kind === "update" && data.status === "suspended") {
        clients.get(id)!.suspendedAt ??= step.at;
      } else if (op.entity === "profile") {
        const scopes = scopesSince.get(id) ?? new Map<string, Date>();
        for (const s of [...(data.scopeIds ?? []), ...(data.addScopeIds ?? [])]) if (!scopes.has(s)) scopes.set(s, step.at);
        scopesSince.set(id, scopes);
      } else if (op.entity === "binding" && op.kind === "create") {
        const link = { clientId: data.clientId!, profileId: data.profileId!, from: step.at, until: data.expiresAt ? new Date(data.expiresAt) : null };
        bindings.set(id, link);
        links.push(link);
      } else if (op.entity === "binding" && op.kind === "delete") {
        const link = bindings.get(id)!;
        link.until = earlier(link.until, step.at);
      } else if (op.entity === "claimRule" && op.kind === "create") {
        links.push({ clientId: data.clientId!, profileId: data.profileId!, from: step.at, until: null });
      }
    }
  }
  // one hold per client and scope: a decision matches one grant, and the first given is the one in use
  const held = new Map<string, Held>();
  for (const link of links) {
    const client = clients.get(link.clientId)!;
    const until = earlier(link.until, client.suspendedAt);
    for (const [scopeId, since] of scopesSince.get(link.profileId) ?? []) {
      const from = later(link.from, since);
      const key = `${link.clientId}|${scopeId}`;
      if (held.has(key) || (until && until <= from)) continue;
      held.set(key, { clientId: link.clientId, profileId: link.profileId, scopeId, from, until });
    }
  }
  return { clients, held: [...held.values()] };
}
