import type { Db } from "../../db/client";
import type { Names } from "../readable-diff";

/**
 * The names of catalog objects by id, whatever their kind: scopes as
 * resource:action, resources and profiles with their environment where it
 * tells them apart. Ids that no longer exist are left out (shown as ids).
 */
export async function namesOf(db: Db, ids: string[]): Promise<Names> {
  const names: Names = new Map();
  const unique = [...new Set(ids)].filter(Boolean);
  if (!unique.length) return names;
  const where = { id: { in: unique } };
  const [scopes, resources, profiles, clients, environments, domains, bindings, claimRules, credentials] = await Promise.all([
    db.scope.findMany({ where, select: { id: true, action: true, resource: { select: { name: true, environment: { select: { name: true } } } } } }),
    db.resource.findMany({ where, select: { id: true, name: true, environment: { select: { name: true } } } }),
    db.profile.findMany({ where, select: { id: true, name: true } }),
    db.client.findMany({ where, select: { id: true, name: true } }),
    db.environment.findMany({ where, select: { id: true, name: true } }),
    db.domain.findMany({ where, select: { id: true, name: true } }),
    db.binding.findMany({ where, select: { id: true, client: { select: { name: true } }, profile: { select: { name: true } } } }),
    db.claimRule.findMany({ where, select: { id: true, name: true } }),
    db.credential.findMany({ where, select: { id: true, prefix: true } }),
  ]);
  for (const s of scopes) names.set(s.id, `${s.resource.name}:${s.action} (${s.resource.environment.name})`);
  for (const r of resources) names.set(r.id, `${r.name} (${r.environment.name})`);
  for (const x of [...profiles, ...clients, ...environments, ...domains, ...claimRules]) names.set(x.id, x.name);
  for (const b of bindings) names.set(b.id, `${b.client.name} → ${b.profile.name}`);
  for (const c of credentials) names.set(c.id, c.prefix);
  return names;
}
