import type { Tx } from "../../db/client";
import type { CatalogEntity } from "../../audit/actions";
import { AppError } from "../../errors";

export type ApplyContext = { tx: Tx; changeRequestId: string; now: Date };

export type Snapshot = Record<string, unknown>;

export type Applied = {
  targetId: string;
  targetName: string;
  before: Snapshot | null;
  after: Snapshot | null;
  /** shown once to the caller; never stored or audited */
  secret?: string;
};

export type EntityHandler<C = unknown, U = unknown> = {
  entity: CatalogEntity;
  create(ctx: ApplyContext, data: C, id?: string): Promise<Applied>;
  update(ctx: ApplyContext, id: string, data: U): Promise<Applied>;
  remove(ctx: ApplyContext, id: string): Promise<Applied>;
  /** the object as it is now (the same snapshot as Applied.before/after); null when it does not exist */
  current(tx: Tx, id: string): Promise<Snapshot | null>;
};

export function notFound(entity: string, id: string): AppError {
  return new AppError("not_found", `${entity} ${id} does not exist`, [{ field: "id", message: `no ${entity} with this id` }]);
}

/** Fails with a field error when a referenced row is missing. */
export async function mustExist<T>(row: Promise<T | null>, field: string, what: string): Promise<T> {
  const found = await row;
  if (!found) throw AppError.field(field, `no ${what} with this id`);
  return found;
}

export function taken(field: string, value: string): AppError {
  return new AppError("conflict", `${field}: "${value}" is already taken`, [{ field, message: `"${value}" is already taken` }]);
}

export function stillUsed(what: string, by: string, count: number): AppError {
  return new AppError("conflict", `${what} is still used by ${count} ${by}; remove those first`);
}

/**
 * Timestamps of a row a change writes: the change's clock (ctx.now), not the
 * database's, so rows, profile versions and audit events of one change agree
 * (and the demo seed can replay a history that happened over weeks).
 */
export const stamped = (now: Date) => ({ createdAt: now, updatedAt: now });
export const touched = (now: Date) => ({ updatedAt: now });

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Keeps only the keys present in `data` (an update patch) */
export function defined<T extends object>(data: T): Partial<T> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as Partial<T>;
}
