// The inverse of an applied change request, from the snapshots stored with
// its operations: creates become deletes, deletes become creates of the old
// object, updates restore the fields they changed. Applied in reverse order.
import type { CatalogEntity } from "../audit/actions";
import { AppError } from "../errors";
import type { OperationInput } from "./operations";

export type StoredOperation = {
  seq: number;
  kind: string;
  entity: string;
  targetId: string;
  payload: string;
  before: string | null;
  after: string | null;
};

type Snapshot = Record<string, unknown>;
const parse = (json: string | null): Snapshot | null => (json ? (JSON.parse(json) as Snapshot) : null);

function restoreFields(entity: string, payload: Snapshot, before: Snapshot): Snapshot {
  const data: Snapshot = {};
  for (const field of Object.keys(payload)) {
    if (field === "addScopeIds" || field === "removeScopeIds" || field === "scopeIds") data.scopeIds = before.scopeIds;
    else if (field === "revoke") throw new AppError("conflict", `a ${entity} revocation cannot be undone; issue a new credential instead`);
    else data[field] = before[field] ?? null;
  }
  return data;
}

export function inverseOperations(ops: StoredOperation[]): OperationInput[] {
  return [...ops]
    .sort((a, b) => b.seq - a.seq)
    .map((op): OperationInput => {
      const entity = op.entity as CatalogEntity;
      const before = parse(op.before);
      if (op.kind === "create") return { entity, kind: "delete", id: op.targetId };
      if (!before) throw new AppError("conflict", `operation ${op.seq} has no stored snapshot to restore`);
      if (op.kind === "delete") {
        if (entity === "credential") throw new AppError("conflict", "a deleted credential cannot be restored; issue a new one");
        const { id: _id, version: _version, ...data } = before;
        return { entity, kind: "create", id: op.targetId, data };
      }
      return { entity, kind: "update", id: op.targetId, data: restoreFields(entity, parse(op.payload) ?? {}, before) };
    });
}
