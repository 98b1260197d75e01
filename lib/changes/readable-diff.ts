// A change request's operations as reviewers read them, before and after it
// applies: per field "before → after" in words, references by name (a scope
// as orders-db:read, never its id), scope lists as "added / removed", a
// binding as "client → profile". Pure: the caller supplies the names.
import { diffSnapshots, type FieldChange, type Snapshot } from "./diff";
import { fieldLabel } from "../validation/humanise";

export type ReadableRow =
  | { field: string; key: string; before: string; after: string }
  | { field: string; key: string; added: string[]; removed: string[] };

/** id -> what a person calls it */
export type Names = Map<string, string>;

/** Fields that are bookkeeping, not a decision a reviewer makes. */
const hidden = new Set(["id", "createdAt", "updatedAt", "secretHash", "hash", "version"]);

const isIdField = (k: string) => /Id$/.test(k);
const isIdList = (k: string) => /Ids$/.test(k);

/**
 * What the target will look like once an operation applies, from the
 * snapshot stored when the request was opened and the operation's input.
 * Approximate only where a handler derives fields (the write path recomputes
 * everything on apply); exact for the fields the input names.
 */
export function plannedAfter(entity: string, kind: string, before: Snapshot | null, payload: Snapshot | null): Snapshot | null {
  if (kind === "delete") return null;
  const data = { ...(payload ?? {}) };
  if (kind === "create") return data;
  const after: Snapshot = { ...(before ?? {}) };
  const { addScopeIds, removeScopeIds, revoke, ...rest } = data;
  Object.assign(after, rest);
  if (entity === "profile" && (Array.isArray(addScopeIds) || Array.isArray(removeScopeIds))) {
    const scopes = new Set(Array.isArray(after.scopeIds) ? (after.scopeIds as string[]) : []);
    for (const s of (addScopeIds as string[] | undefined) ?? []) scopes.add(s);
    for (const s of (removeScopeIds as string[] | undefined) ?? []) scopes.delete(s);
    after.scopeIds = [...scopes].sort();
  }
  if (revoke === true) after.revokedAt = "when applied";
  return after;
}

function named(v: unknown, names: Names): string {
  return typeof v === "string" ? (names.get(v) ?? v) : String(v);
}

/** A value in words: absent and null as "—", dates readable, records as key=value. */
export function showValue(key: string, v: unknown, names: Names): string {
  if (v === undefined || v === null || v === "") return "—";
  if (isIdField(key)) return named(v, names);
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return `${v.slice(0, 16).replace("T", " ")} UTC`;
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ") : "none";
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length ? entries.map(([k, x]) => `${k}=${typeof x === "string" ? x : JSON.stringify(x)}`).join(", ") : "none";
  }
  if (key === "maxTokenLifetimeSeconds" && typeof v === "number") return v % 3600 === 0 ? `${v / 3600} h` : v % 60 === 0 ? `${v / 60} min` : `${v} s`;
  return String(v);
}

const asList = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Field changes in words; id lists become names added and removed. */
export function readableRows(changes: FieldChange[], names: Names): ReadableRow[] {
  const rows: ReadableRow[] = [];
  for (const c of changes) {
    if (hidden.has(c.field)) continue;
    const field = fieldLabel(c.field);
    if (isIdList(c.field)) {
      const before = new Set(asList(c.before));
      const after = new Set(asList(c.after));
      const added = [...after].filter((x) => !before.has(x)).map((x) => named(x, names)).sort();
      const removed = [...before].filter((x) => !after.has(x)).map((x) => named(x, names)).sort();
      if (added.length || removed.length) rows.push({ field, key: c.field, added, removed });
      continue;
    }
    rows.push({ field, key: c.field, before: showValue(c.field, c.before, names), after: showValue(c.field, c.after, names) });
  }
  return rows;
}

/** Every id a snapshot refers to (so the caller can look their names up). */
export function referencedIds(...snapshots: (Snapshot | null)[]): string[] {
  const ids = new Set<string>();
  for (const s of snapshots) {
    if (!s) continue;
    for (const [k, v] of Object.entries(s)) {
      if (isIdField(k) && typeof v === "string") ids.add(v);
      if (isIdList(k)) for (const x of asList(v)) ids.add(x);
    }
  }
  return [...ids];
}

/** What to call an operation's target: its name, a binding as "client → profile". */
export function targetLabel(entity: string, targetId: string, before: Snapshot | null, after: Snapshot | null, names: Names): string {
  const s = after ?? before ?? {};
  if (entity === "binding" && typeof s.clientId === "string" && typeof s.profileId === "string") return `${named(s.clientId, names)} → ${named(s.profileId, names)}`;
  if (entity === "scope" && typeof s.resourceId === "string" && typeof s.action === "string") return `${named(s.resourceId, names)}:${s.action}`;
  if (typeof s.name === "string" && s.name) return s.name;
  if (entity === "credential" && typeof s.prefix === "string") return s.prefix;
  if (entity === "credential" && typeof s.clientId === "string") return `${typeof s.label === "string" && s.label ? `${s.label} ` : ""}secret of ${named(s.clientId, names)}`;
  return names.get(targetId) ?? targetId;
}

export { diffSnapshots };
