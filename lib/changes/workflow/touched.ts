// What a change touches, read from the catalog as it was BEFORE the change:
// the environments, domains and resources its operations name directly or
// through the objects they act on. A change that deletes a protected
// environment's resource (or the environment itself) still touches that
// environment, though after the change it is gone; analyze.ts unions this
// with what it finds afterwards.
import type { Tx } from "../../db/client";
import type { ParsedOperation } from "../operations";

export type Touched = { envs: Set<string>; domains: Set<string>; resources: Map<string, { environmentId: string; domainId: string; criticality: string }> };

const str = (v: unknown) => (typeof v === "string" && v ? v : null);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export async function touchedBefore(tx: Tx, ops: ParsedOperation[]): Promise<Touched> {
  const envs = new Set<string>();
  const domains = new Set<string>();
  const resourceIds = new Set<string>();
  const scopeIds = new Set<string>();
  const profileIds = new Set<string>();
  const clientIds = new Set<string>();
  const existing = (op: ParsedOperation) => (op.kind === "create" ? null : op.id);

  for (const op of ops) {
    const d = op.kind === "delete" ? {} : ((op.data ?? {}) as Record<string, unknown>);
    for (const [field, set] of [["environmentId", envs], ["domainId", domains], ["resourceId", resourceIds], ["profileId", profileIds], ["clientId", clientIds]] as const) {
      const v = str(d[field]);
      if (v) set.add(v);
    }
    for (const s of [...strs(d.scopeIds), ...strs(d.addScopeIds), ...strs(d.removeScopeIds)]) scopeIds.add(s);
    const id = existing(op);
    if (!id) continue;
    if (op.entity === "environment") envs.add(id);
    if (op.entity === "domain") domains.add(id);
    if (op.entity === "resource") resourceIds.add(id);
    if (op.entity === "scope") scopeIds.add(id);
    if (op.entity === "profile") profileIds.add(id);
    if (op.entity === "client") clientIds.add(id);
    if (op.entity === "binding") {
      const b = await tx.binding.findUnique({ where: { id }, select: { profileId: true, clientId: true } });
      if (b) (profileIds.add(b.profileId), clientIds.add(b.clientId));
    }
    if (op.entity === "claimRule") {
      const r = await tx.claimRule.findUnique({ where: { id }, select: { profileId: true, clientId: true } });
      if (r) (profileIds.add(r.profileId), r.clientId && clientIds.add(r.clientId));
    }
    if (op.entity === "credential") {
      const c = await tx.credential.findUnique({ where: { id }, select: { clientId: true } });
      if (c) clientIds.add(c.clientId);
    }
  }
  // a client reaches through its bindings' profiles; a profile through its scopes
  if (clientIds.size) {
    const bound = await tx.binding.findMany({ where: { clientId: { in: [...clientIds] } }, select: { profileId: true } });
    for (const b of bound) profileIds.add(b.profileId);
  }
  if (profileIds.size) {
    const ps = await tx.profile.findMany({ where: { id: { in: [...profileIds] } }, select: { environmentId: true, domainId: true, scopes: { select: { scopeId: true } } } });
    for (const p of ps) {
      if (p.environmentId) envs.add(p.environmentId);
      if (p.domainId) domains.add(p.domainId);
      for (const s of p.scopes) scopeIds.add(s.scopeId);
    }
  }
  if (scopeIds.size) {
    const ss = await tx.scope.findMany({ where: { id: { in: [...scopeIds] } }, select: { resourceId: true } });
    for (const s of ss) resourceIds.add(s.resourceId);
  }
  const resources = new Map<string, { environmentId: string; domainId: string; criticality: string }>();
  if (resourceIds.size) {
    const rs = await tx.resource.findMany({ where: { id: { in: [...resourceIds] } }, select: { id: true, environmentId: true, domainId: true, criticality: true } });
    for (const r of rs) {
      resources.set(r.id, r);
      envs.add(r.environmentId);
      domains.add(r.domainId);
    }
  }
  return { envs, domains, resources };
}
