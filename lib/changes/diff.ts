// Field-level difference between two snapshots of one catalog entity, as
// recorded in an audit event's before/after. Pure: no I/O, no formatting.
import canonicalize from "canonicalize";

export type Snapshot = Record<string, unknown>;

/** One changed top-level field; a side is undefined when the field is absent there. */
export type FieldChange = { field: string; before: unknown; after: unknown };

/** Key-order independent equality; arrays stay order sensitive. */
function same(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalize(a) === canonicalize(b);
}

/**
 * Changed fields in the order they appear (before's keys, then keys new in
 * after). A created entity (before null) lists every field of after; a deleted
 * one (after null) every field of before.
 */
export function diffSnapshots(before: Snapshot | null, after: Snapshot | null): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.flatMap((field) => {
    const b = before?.[field];
    const a = after?.[field];
    return same(b, a) ? [] : [{ field, before: b, after: a }];
  });
}

/** Parses a stored JSON snapshot; anything but a JSON object counts as no snapshot. */
export function parseSnapshot(json: string | null | undefined): Snapshot | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Snapshot) : null;
  } catch {
    return null;
  }
}
