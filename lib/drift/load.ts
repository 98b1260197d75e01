// Reads what the drift checks need (a handful of filtered queries) and runs
// them. Pure checks live one per file; this is the only database access.
import { z } from "zod";
import type { Db } from "../db/client";
import { dropEmpty } from "../drop-empty";
import { validationError } from "../errors";
import { expiredGrants } from "./expired-grants";
import { openClaimRules } from "./open-claim-rules";
import { ownerlessProfiles } from "./ownerless-profiles";
import { privilegedClients } from "./privileged-clients";
import { loadDriftPolicy, type DriftPolicy } from "./settings";
import { NEVER_USED_GRACE_DAYS, staleCredentials } from "./stale-credentials";
import { DAY, driftInfo, driftKindIds, type DriftFinding, type DriftKind } from "./types";
import { unusedScopes } from "./unused-scopes";
import { loadScopeUsage } from "./usage";
import { text } from "../validation/text";

export type PendingChange = { number: number; status: string };
export type DriftItem = DriftFinding & { pending: PendingChange | null };
export type DriftReport = { items: DriftItem[]; counts: Record<DriftKind, number>; notes: string[]; policy: DriftPolicy; now: string };

const severityRank = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export function sortDrift<T extends DriftFinding>(findings: T[]): T[] {
  return [...findings].sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || a.kind.localeCompare(b.kind) || a.target.name.localeCompare(b.target.name));
}

async function environmentNames(db: Db) {
  const envs = await db.environment.findMany({ select: { id: true, name: true, protection: true } });
  return new Map(envs.map((e) => [e.id, e]));
}

/** Every drift finding, most severe first. `unusedDays` overrides the policy's window. */
export async function findDrift(db: Db, { now = new Date(), unusedDays }: { now?: Date; unusedDays?: number } = {}): Promise<{ findings: DriftFinding[]; notes: string[]; policy: DriftPolicy }> {
  const stored = await loadDriftPolicy(db);
  const policy = { ...stored, ...(unusedDays ? { unusedDays } : {}) };
  const envs = await environmentNames(db);
  const envName = (id: string | null | undefined) => (id ? (envs.get(id)?.name ?? null) : null);
  const privilegedScope = { OR: [{ action: "*" }, { action: "admin", resource: { environment: { protection: "protected" } } }] };
  const oldest = Math.min(policy.credentialRotationDays, NEVER_USED_GRACE_DAYS);

  const [expired, privileged, credentials, rules, ownerless] = await Promise.all([
    db.binding.findMany({
      where: { expiresAt: { lte: now } },
      select: { id: true, expiresAt: true, reason: true, client: { select: { name: true } }, profile: { select: { name: true, environmentId: true } } },
    }),
    db.binding.findMany({
      where: { profile: { scopes: { some: { scope: privilegedScope } } } },
      select: {
        id: true,
        expiresAt: true,
        client: { select: { id: true, name: true } },
        profile: { select: { name: true, expiresAt: true, scopes: { where: { scope: privilegedScope }, select: { scope: { select: { name: true, action: true, environmentId: true } } } } } },
      },
    }),
    db.credential.findMany({
      where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }], createdAt: { lte: new Date(now.getTime() - oldest * DAY) } },
      select: { id: true, clientId: true, prefix: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true, client: { select: { name: true } } },
    }),
    db.claimRule.findMany({ select: { id: true, name: true, issuer: true, conditions: true, profile: { select: { name: true, environmentId: true } } } }),
    db.profile.findMany({ where: { owner: "" }, select: { id: true, name: true, owner: true, environmentId: true, _count: { select: { bindings: true } } } }),
  ]);

  const findings: DriftFinding[] = [
    ...expiredGrants(
      expired.map((b) => ({ id: b.id, clientName: b.client.name, profileName: b.profile.name, environment: envName(b.profile.environmentId), expiresAt: b.expiresAt, reason: b.reason })),
      now,
    ),
    ...privilegedClients(
      privileged.map((b) => ({
        bindingId: b.id,
        clientId: b.client.id,
        clientName: b.client.name,
        profileName: b.profile.name,
        expiresAt: b.expiresAt,
        profileExpiresAt: b.profile.expiresAt,
        scopes: b.profile.scopes.map(({ scope: s }) => ({ name: s.name, action: s.action, environment: envName(s.environmentId) ?? s.environmentId, protected: envs.get(s.environmentId)?.protection === "protected" })),
      })),
      now,
    ),
    ...staleCredentials(
      credentials.map(({ client, ...c }) => ({ ...c, clientName: client.name })),
      now,
      policy.credentialRotationDays,
    ),
    ...openClaimRules(
      rules.map((r) => ({ id: r.id, name: r.name, issuer: r.issuer, conditions: JSON.parse(r.conditions) as Record<string, string>, profileName: r.profile.name, environment: envName(r.profile.environmentId) })),
    ),
    ...ownerlessProfiles(ownerless.map((p) => ({ id: p.id, name: p.name, owner: p.owner, environment: envName(p.environmentId), bindings: p._count.bindings }))),
  ];

  const notes: string[] = [];
  const cutoff = new Date(now.getTime() - policy.unusedDays * DAY);
  const { usage, ...why } = await loadScopeUsage(db, cutoff);
  if (!usage) {
    notes.push(`${driftInfo["unused-scopes"].title}: skipped, ${"reason" in why ? why.reason : "no usage data"}.`);
  } else {
    const profiles = await db.profile.findMany({
      where: { createdAt: { lte: cutoff }, OR: [{ bindings: { some: {} } }, { claimRules: { some: {} } }] },
      select: {
        id: true,
        name: true,
        environmentId: true,
        createdAt: true,
        _count: { select: { bindings: true, claimRules: true } },
        scopes: { select: { scope: { select: { id: true, name: true } } } },
        versions: { select: { version: true, createdAt: true, scopeIds: true } },
      },
    });
    findings.push(
      ...unusedScopes(
        profiles.map((p) => ({
          id: p.id,
          name: p.name,
          environment: envName(p.environmentId),
          createdAt: p.createdAt,
          holders: p._count.bindings + p._count.claimRules,
          scopes: p.scopes.map((s) => s.scope),
          versions: p.versions.map((v) => ({ ...v, scopeIds: JSON.parse(v.scopeIds) as string[] })),
        })),
        usage,
        now,
        policy.unusedDays,
      ),
    );
  }
  return { findings: sortDrift(findings), notes, policy };
}

/** Open or approved change requests that already touch a finding's fix targets. */
export async function pendingFixes(db: Db, findings: DriftFinding[]): Promise<Map<string, PendingChange>> {
  const byEntity = new Map<string, Set<string>>();
  for (const f of findings) {
    if (f.fix?.kind !== "change") continue;
    for (const op of f.fix.operations) if (op.id) byEntity.set(op.entity, (byEntity.get(op.entity) ?? new Set()).add(op.id));
  }
  if (!byEntity.size) return new Map();
  const ops = await db.operation.findMany({
    where: {
      OR: [...byEntity].map(([entity, ids]) => ({ entity, targetId: { in: [...ids] } })),
      changeRequest: { status: { in: ["open", "approved"] } },
    },
    select: { entity: true, targetId: true, changeRequest: { select: { number: true, status: true } } },
    orderBy: { changeRequest: { number: "desc" } },
  });
  const byTarget = new Map<string, PendingChange>();
  for (const o of ops) if (!byTarget.has(`${o.entity}:${o.targetId}`)) byTarget.set(`${o.entity}:${o.targetId}`, o.changeRequest);
  const out = new Map<string, PendingChange>();
  for (const f of findings) {
    if (f.fix?.kind !== "change") continue;
    const hit = f.fix.operations.map((op) => byTarget.get(`${op.entity}:${op.id}`)).find(Boolean);
    if (hit) out.set(f.key, hit);
  }
  return out;
}

export type DriftReportOptions = { now?: Date; unusedDays?: number; kind?: DriftKind; q?: string };

export async function driftReport(db: Db, opts: DriftReportOptions = {}): Promise<DriftReport> {
  const now = opts.now ?? new Date();
  const { findings, notes, policy } = await findDrift(db, { now, unusedDays: opts.unusedDays });
  const counts = Object.fromEntries(driftKindIds.map((k) => [k, findings.filter((f) => f.kind === k).length])) as Record<DriftKind, number>;
  const q = opts.q?.trim().toLowerCase();
  const shown = findings.filter((f) => (!opts.kind || f.kind === opts.kind) && (!q || f.target.name.toLowerCase().includes(q) || f.message.toLowerCase().includes(q)));
  const pending = await pendingFixes(db, shown);
  return { items: shown.map((f) => ({ ...f, pending: pending.get(f.key) ?? null })), counts, notes, policy, now: now.toISOString() };
}

/** Query parameters of the drift list (page and API). */
export const driftParams = z.object({
  kind: z.enum(driftKindIds as [DriftKind, ...DriftKind[]]).optional(),
  /** the unused-scope window in days (default: the drift policy's) */
  days: z.coerce.number().int().min(1).max(365).optional(),
  q: text().trim().max(100).optional(),
});

export async function listDrift(db: Db, raw: unknown): Promise<DriftReport> {
  const parsed = driftParams.safeParse(dropEmpty(raw));
  if (!parsed.success) throw validationError(parsed.error.issues);
  return driftReport(db, { kind: parsed.data.kind, unusedDays: parsed.data.days, q: parsed.data.q });
}
