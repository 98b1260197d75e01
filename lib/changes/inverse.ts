// The exact inverse of an applied change request, planned against the catalog
// as it is now: it undoes the change's own effect and nothing else.
// - A created object is deleted (when it still exists).
// - A deleted object is created again from its snapshot (when it is still gone).
// - Scope sets are undone by set difference: the scopes the change added are
//   removed, the scopes it removed are added back; what other changes did to
//   the same profile since stays as it is.
// - Any other field is restored only while it still holds the value the change
//   set. Otherwise a later change owns that field: it is left as it is and the
//   conflict is reported (expiry applies the rest; revert refuses and goes stale).
import canonicalize from "canonicalize";
import type { z } from "zod";
import type { CatalogEntity } from "../audit/actions";
import type { Tx } from "../db/client";
import { handlers } from "./handlers";
import { entitySchemas, type OperationInput } from "./operations";

export type StoredOperation = {
  seq: number;
  kind: string;
  entity: string;
  targetId: string;
  payload: string;
  before: string | null;
  after: string | null;
};

export type InversePlan = {
  operations: OperationInput[];
  /** what cannot be undone exactly, in words */
  conflicts: string[];
};

type Snapshot = Record<string, unknown>;
const parse = (json: string | null): Snapshot | null => (json ? (JSON.parse(json) as Snapshot) : null);
const same = (a: unknown, b: unknown) => canonicalize(a ?? null) === canonicalize(b ?? null);
const nameOf = (s: Snapshot | null, fallback: string) => String(s?.name ?? fallback);

/** Fields an update may set, from the entity's update schema. */
function updatable(entity: CatalogEntity): Set<string> {
  const schema = entitySchemas[entity].update as unknown as z.ZodObject;
  return new Set(Object.keys(schema.shape ?? {}));
}

/** A deleted object's create input: its snapshot without what the database derives. */
function recreateData(entity: CatalogEntity, before: Snapshot): Snapshot {
  const { id: _id, version: _version, revokedAt: _revokedAt, prefix: _prefix, name, ...rest } = before;
  const createShape = (entitySchemas[entity].create as unknown as z.ZodObject).shape ?? {};
  const data: Snapshot = Object.fromEntries(Object.entries(rest).filter(([k]) => k in createShape));
  if ("name" in createShape) data.name = name;
  return data;
}

function scopeSetInverse(before: Snapshot, after: Snapshot, current: Snapshot) {
  const b = new Set((before.scopeIds as string[]) ?? []);
  const a = new Set((after.scopeIds as string[]) ?? []);
  const now = new Set((current.scopeIds as string[]) ?? []);
  const added = [...a].filter((s) => !b.has(s));
  const removed = [...b].filter((s) => !a.has(s));
  return { removeScopeIds: added.filter((s) => now.has(s)), addScopeIds: removed.filter((s) => !now.has(s)) };
}

async function inverseOf(tx: Tx, op: StoredOperation, label: string): Promise<{ op: OperationInput | null; conflicts: string[] }> {
  const entity = op.entity as CatalogEntity;
  const before = parse(op.before);
  const after = parse(op.after);
  const current = await handlers[entity].current(tx, op.targetId);
  const what = `${entity} ${nameOf(current ?? after ?? before, op.targetId)}`;

  if (op.kind === "create") return { op: current ? { entity, kind: "delete", id: op.targetId } : null, conflicts: [] };
  if (op.kind === "delete") {
    if (current || !before) return { op: null, conflicts: [] };
    if (entity === "credential") return { op: null, conflicts: [`${what} was deleted by ${label}; a deleted credential cannot be restored (issue a new one)`] };
    return { op: { entity, kind: "create", id: op.targetId, data: recreateData(entity, before) }, conflicts: [] };
  }
  // update
  if (!before || !after) return { op: null, conflicts: [`${what}: ${label} stored no snapshot to undo`] };
  if (!current) return { op: null, conflicts: [`${what} no longer exists`] };
  const allowed = updatable(entity);
  const data: Snapshot = {};
  const conflicts: string[] = [];
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[field], after[field])) continue;
    if (field === "scopeIds") {
      const { removeScopeIds, addScopeIds } = scopeSetInverse(before, after, current);
      const existing = addScopeIds.length ? new Set((await tx.scope.findMany({ where: { id: { in: addScopeIds } }, select: { id: true } })).map((s) => s.id)) : new Set<string>();
      const gone = addScopeIds.filter((s) => !existing.has(s));
      if (gone.length) conflicts.push(`${what}: ${gone.length} scope(s) it removed no longer exist and cannot be added back`);
      if (removeScopeIds.length) data.removeScopeIds = removeScopeIds;
      const back = addScopeIds.filter((s) => existing.has(s));
      if (back.length) data.addScopeIds = back;
      continue;
    }
    if (field === "revokedAt") {
      conflicts.push(`${what} was revoked by ${label}; a revocation cannot be undone (issue a new credential)`);
      continue;
    }
    if (!allowed.has(field)) continue; // derived (version, names of references)
    if (same(current[field], after[field])) data[field] = before[field] ?? null;
    else conflicts.push(`${what}: ${field} was changed again since ${label}, so it is left as it is`);
  }
  return { op: Object.keys(data).length ? { entity, kind: "update", id: op.targetId, data } : null, conflicts };
}

/** Plans the inverse of `ops` (one request's stored operations) against the catalog now. */
export async function planInverse(tx: Tx, ops: StoredOperation[], label: string): Promise<InversePlan> {
  const operations: OperationInput[] = [];
  const conflicts: string[] = [];
  for (const op of [...ops].sort((a, b) => b.seq - a.seq)) {
    const inv = await inverseOf(tx, op, label);
    if (inv.op) operations.push(inv.op);
    conflicts.push(...inv.conflicts);
  }
  return { operations, conflicts };
}
