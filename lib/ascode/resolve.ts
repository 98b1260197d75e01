// Name-level operations -> a change request's operations: every { $ref } is
// replaced by the id of the object it names, existing or created earlier in
// the same change (creates get their id here, so later operations can use it).
import { createId } from "../changes/ids";
import type { OperationInput } from "../changes/operations";
import { AppError } from "../errors";
import type { NamedEntity, NamedOp, Ref } from "./diff";
import type { IdIndex } from "./live-state";

const indexOf: Record<NamedEntity, keyof IdIndex> = {
  environment: "environments",
  domain: "domains",
  resource: "resources",
  scope: "scopes",
  profile: "profiles",
  client: "clients",
  binding: "bindings",
  claimRule: "claimRules",
  assertion: "assertions",
};

const isRef = (v: unknown): v is Ref => typeof v === "object" && v !== null && "$ref" in v;

export function resolveOperations(ops: NamedOp[], known: IdIndex, newId: () => string = createId): OperationInput[] {
  const ids = Object.fromEntries(Object.entries(known).map(([k, m]) => [k, new Map(m)])) as IdIndex;
  const idOf = (entity: NamedEntity, key: string, at: NamedOp) => {
    const id = ids[indexOf[entity]].get(key);
    if (!id) throw new AppError("validation", `${at.kind} ${at.entity} ${at.key}: ${entity} ${key} does not exist`, [{ field: "state", message: `${entity} ${key} does not exist` }]);
    return id;
  };
  const resolve = (v: unknown, at: NamedOp): unknown => {
    if (isRef(v)) return idOf(v.$ref[0], v.$ref[1], at);
    if (Array.isArray(v)) return v.map((x) => resolve(x, at));
    return v;
  };
  return ops.map((op) => {
    const data = op.data ? Object.fromEntries(Object.entries(op.data).map(([k, v]) => [k, resolve(v, op)])) : undefined;
    if (op.kind === "create") {
      const id = newId();
      ids[indexOf[op.entity]].set(op.key, id);
      return { kind: "create", entity: op.entity, id, data };
    }
    const id = idOf(op.entity, op.key, op);
    return op.kind === "update" ? { kind: "update", entity: op.entity, id, data } : { kind: "delete", entity: op.entity, id };
  });
}
