// What the revocation policies would do now: for each enabled rule, the
// catalog operations (one change request per rule) or, for narrowed bindings,
// the live tokens to revoke. Reads only; the clock is a parameter.
import type { OperationInput } from "../changes/operations";
import type { Db } from "../db/client";
import type { RevocationPolicies } from "./settings";
import { counted } from "../format";

export const ruleNames = {
  unusedCredentials: "revoke-unused-credentials",
  oldKeys: "expire-old-keys",
  expiredGrantClients: "suspend-clients-without-grants",
  narrowedTokens: "revoke-tokens-after-narrowing",
} as const;
export type RuleKey = keyof typeof ruleNames;

export type PlannedChange = { rule: RuleKey; name: string; apply: "review" | "emergency"; title: string; reason: string; operations: OperationInput[]; targets: string[] };
export type PlannedTokens = { rule: "narrowedTokens"; name: string; clients: { id: string; name: string; jtis: string[]; why: string[] }[] };
export type Plan = { changes: PlannedChange[]; tokens: PlannedTokens | null };

const DAY = 86_400_000;
const live = (now: Date) => ({ revokedAt: null, AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }] });

async function unusedCredentials(db: Db, p: RevocationPolicies["unusedCredentials"], now: Date): Promise<PlannedChange | null> {
  const cutoff = new Date(now.getTime() - p.days * DAY);
  // unused: no use within the window (never used counts from creation)
  const rows = await db.credential.findMany({
    where: { ...live(now), OR: [{ lastUsedAt: { lt: cutoff } }, { lastUsedAt: null, createdAt: { lt: cutoff } }] },
    select: { id: true, prefix: true, client: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  if (!rows.length) return null;
  return {
    rule: "unusedCredentials",
    name: ruleNames.unusedCredentials,
    apply: p.apply,
    title: `Policy ${ruleNames.unusedCredentials}: revoke ${counted(rows.length, "credential")} unused for ${p.days} days`,
    reason: `Automated revocation policy: credentials not used for ${p.days} days are revoked.`,
    operations: rows.map((c) => ({ entity: "credential", kind: "update", id: c.id, data: { revoke: true } })),
    targets: rows.map((c) => `${c.client.name}/${c.prefix}`),
  };
}

/** `skip`: credentials another rule of this run already revokes. */
async function oldKeys(db: Db, p: RevocationPolicies["oldKeys"], now: Date, skip: string[]): Promise<PlannedChange | null> {
  const cutoff = new Date(now.getTime() - p.days * DAY);
  const rows = await db.credential.findMany({
    where: { kind: { in: ["provisioning_key", "public_key"] }, createdAt: { lt: cutoff }, id: { notIn: skip }, ...live(now) },
    select: { id: true, prefix: true, client: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  if (!rows.length) return null;
  return {
    rule: "oldKeys",
    name: ruleNames.oldKeys,
    apply: p.apply,
    title: `Policy ${ruleNames.oldKeys}: expire ${counted(rows.length, "key")} older than ${p.days} days`,
    reason: `Automated revocation policy: keys older than ${p.days} days expire.`,
    operations: rows.map((c) => ({ entity: "credential", kind: "update", id: c.id, data: { expiresAt: now.toISOString() } })),
    targets: rows.map((c) => `${c.client.name}/${c.prefix}`),
  };
}

async function expiredGrantClients(db: Db, p: RevocationPolicies["expiredGrantClients"], now: Date): Promise<PlannedChange | null> {
  // active clients that had grants, every one of which has ended (binding or profile expired), and no claim rule
  const clients = await db.client.findMany({
    where: { status: "active", bindings: { some: {} }, claimRules: { none: {} } },
    select: { id: true, name: true, bindings: { select: { expiresAt: true, profile: { select: { expiresAt: true } } } } },
    orderBy: { name: "asc" },
  });
  const ended = (d: Date | null) => d !== null && d <= now;
  const done = clients.filter((c) => c.bindings.every((b) => ended(b.expiresAt) || ended(b.profile.expiresAt)));
  if (!done.length) return null;
  return {
    rule: "expiredGrantClients",
    name: ruleNames.expiredGrantClients,
    apply: p.apply,
    title: `Policy ${ruleNames.expiredGrantClients}: suspend ${counted(done.length, "client")} whose every grant expired`,
    reason: "Automated revocation policy: a client whose every grant has expired is suspended.",
    operations: done.map((c) => ({ entity: "client", kind: "update", id: c.id, data: { status: "suspended" } })),
    targets: done.map((c) => c.name),
  };
}

async function narrowedTokens(db: Db, now: Date): Promise<PlannedTokens | null> {
  const tokens = await db.token.findMany({
    where: { revokedAt: null, expiresAt: { gt: now }, client: { status: "active" } },
    select: { jti: true, clientId: true, profileId: true, profileVersion: true, scope: true, client: { select: { name: true } } },
  });
  if (!tokens.length) return null;
  const clientIds = [...new Set(tokens.map((t) => t.clientId))];
  const profileIds = [...new Set(tokens.map((t) => t.profileId))];
  const unexpired = { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  const [bindings, rules, profiles] = await Promise.all([
    db.binding.findMany({ where: { clientId: { in: clientIds }, ...unexpired }, select: { clientId: true, profileId: true } }),
    db.claimRule.findMany({ where: { clientId: { in: clientIds } }, select: { clientId: true, profileId: true } }),
    db.profile.findMany({
      where: { id: { in: profileIds }, ...unexpired },
      select: { id: true, name: true, version: true, scopes: { select: { scope: { select: { action: true, resource: { select: { name: true, environment: { select: { name: true } } } } } } } } },
    }),
  ]);
  const held = new Set([...bindings, ...rules].map((b) => `${b.clientId}|${b.profileId}`));
  const byId = new Map(profiles.map((p) => [p.id, { ...p, names: new Set(p.scopes.map(({ scope: s }) => `${s.resource.environment.name}/${s.resource.name}:${s.action}`)) }]));
  const out = new Map<string, { id: string; name: string; jtis: string[]; why: Set<string> }>();
  for (const t of tokens) {
    const p = byId.get(t.profileId);
    let why: string | null = null;
    if (!p) why = "its profile expired or was deleted";
    else if (!held.has(`${t.clientId}|${t.profileId}`)) why = `its binding to ${p.name} ended`;
    else if (p.version !== t.profileVersion) {
      const lost = t.scope.split(" ").filter((s) => s && !p.names.has(s));
      if (lost.length) why = `${p.name} no longer holds ${lost.join(", ")}`;
    }
    if (!why) continue;
    const e = out.get(t.clientId) ?? out.set(t.clientId, { id: t.clientId, name: t.client.name, jtis: [], why: new Set() }).get(t.clientId)!;
    e.jtis.push(t.jti);
    e.why.add(why);
  }
  if (!out.size) return null;
  return { rule: "narrowedTokens", name: ruleNames.narrowedTokens, clients: [...out.values()].map((c) => ({ id: c.id, name: c.name, jtis: c.jtis, why: [...c.why] })) };
}

export async function planRevocations(db: Db, policies: RevocationPolicies, now: Date): Promise<Plan> {
  const unused = policies.unusedCredentials.enabled ? await unusedCredentials(db, policies.unusedCredentials, now) : null;
  const revoked = unused?.operations.map((o) => (o as { id: string }).id) ?? [];
  const changes = [
    unused,
    policies.oldKeys.enabled ? await oldKeys(db, policies.oldKeys, now, revoked) : null,
    policies.expiredGrantClients.enabled ? await expiredGrantClients(db, policies.expiredGrantClients, now) : null,
  ];
  return { changes: changes.filter((c): c is PlannedChange => !!c), tokens: policies.narrowedTokens.enabled ? await narrowedTokens(db, now) : null };
}
