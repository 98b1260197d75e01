// Applies parsed operations inside the caller's transaction. Shared by every
// way a change reaches the catalog (direct submit, approved request, expiry),
// so they validate, snapshot and audit identically.
import type { NewAuditEvent } from "../audit/append";
import type { Applied, ApplyContext } from "../catalog/entities/types";
import { AppError } from "../errors";
import { handlers } from "./handlers";
import { createId } from "./ids";
import type { ParsedOperation } from "./operations";
import { prismaToAppError } from "./prisma-errors";

export type AppliedOperation = { op: ParsedOperation; applied: Applied };

export type OperationResult = {
  entity: ParsedOperation["entity"];
  kind: ParsedOperation["kind"];
  id: string;
  name: string;
  /** a new credential's secret: shown once, never stored in the clear */
  secret?: string;
  /** the secret was sealed for the request's author, who sees it once (lib/changes/workflow/secret-delivery.ts) */
  heldFor?: string;
};

/** The target moved since the request was opened: applying would overwrite it. */
export class StaleError extends AppError {
  constructor(message: string) {
    super("stale", message);
  }
}

const verb = { create: "created", update: "updated", delete: "deleted" } as const;

/** Gives every create operation an id, so a stored request applies to known ids. */
export function withIds(ops: ParsedOperation[]): ParsedOperation[] {
  return ops.map((op) => (op.kind === "create" && !op.id ? { ...op, id: createId() } : op));
}

async function applyOne(ctx: ApplyContext, op: ParsedOperation): Promise<Applied> {
  const handler = handlers[op.entity];
  if (op.kind === "create") return handler.create(ctx, op.data, op.id ?? createId());
  if (op.kind === "update") return handler.update(ctx, op.id, op.data);
  return handler.remove(ctx, op.id);
}

/** A domain error of one operation: its fields carry the operation's path, and `index` says which. */
export class OperationError extends AppError {
  constructor(
    readonly index: number,
    err: AppError,
  ) {
    const fields = err.fields.map((f) => ({ ...f, field: `operations.${index}.${f.field === "id" ? "id" : `data.${f.field}`}` }));
    super(err.code, fields[0] ? `${fields[0].field}: ${fields[0].message}` : `operations.${index}: ${err.message}`, fields);
  }
}

function atOperation(e: unknown, i: number): unknown {
  if (e instanceof StaleError) return e;
  const err = e instanceof AppError ? e : prismaToAppError(e);
  return err instanceof AppError ? new OperationError(i, err) : e;
}

/**
 * Applies each operation in order. With `expectedBefore` (the snapshots taken
 * when the request was opened), an update or delete whose target no longer
 * matches fails with StaleError naming the object, instead of overwriting it.
 */
export async function applyOperations(
  ctx: ApplyContext,
  ops: ParsedOperation[],
  expectedBefore?: (string | null)[],
): Promise<AppliedOperation[]> {
  const out: AppliedOperation[] = [];
  for (const [i, op] of ops.entries()) {
    let applied: Applied;
    try {
      applied = await applyOne(ctx, op);
    } catch (e) {
      if (expectedBefore && e instanceof AppError && (e.code === "not_found" || e.code === "conflict")) {
        throw new StaleError(`operation ${i} (${op.kind} ${op.entity}) can no longer apply: ${e.message}`);
      }
      throw atOperation(e, i);
    }
    const expected = expectedBefore?.[i];
    if (expected !== undefined && expected !== null && op.kind !== "create" && JSON.stringify(applied.before) !== expected) {
      throw new StaleError(`${op.entity} ${applied.targetName} changed since the request was opened`);
    }
    out.push({ op, applied });
  }
  return out;
}

export function operationEvents(changeRequestId: string, done: AppliedOperation[]): NewAuditEvent[] {
  return done.map(({ op, applied }) => ({
    action: `${op.entity}.${verb[op.kind]}`,
    targetType: op.entity,
    targetId: applied.targetId,
    targetName: applied.targetName,
    changeRequestId,
    before: applied.before,
    after: applied.after,
  }));
}

export function operationResults(done: AppliedOperation[]): OperationResult[] {
  return done.map(({ op, applied }) => ({
    entity: op.entity,
    kind: op.kind,
    id: applied.targetId,
    name: applied.targetName,
    ...(applied.secret ? { secret: applied.secret } : {}),
  }));
}

/** The operation rows to store with a request (payload, snapshots). */
export function operationRows(changeRequestId: string, done: AppliedOperation[]) {
  return done.map(({ op, applied }, seq) => ({
    changeRequestId,
    seq,
    kind: op.kind,
    entity: op.entity,
    targetId: applied.targetId,
    payload: JSON.stringify(op.kind === "delete" ? {} : op.data),
    before: applied.before ? JSON.stringify(applied.before) : null,
    after: applied.after ? JSON.stringify(applied.after) : null,
  }));
}
