// The difference between the live catalog and the files, as name-level
// operations: what `perimeter plan` shows and what `apply` turns into a change
// request. Pure: no database, no ids. References are { $ref: [entity, key] }
// placeholders the server resolves to ids (lib/ascode/resolve.ts). Fields a
// file leaves out hold their default, so an omitted field and an exported
// empty one mean the same. Nothing is deleted unless `prune` is set; without
// it, what only the catalog holds is listed as `unmanaged`.
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import type { CatalogState } from "./format";
import { bindingKey } from "./keys";

export type NamedEntity = "environment" | "domain" | "resource" | "scope" | "profile" | "client" | "binding" | "claimRule" | "assertion";
export type Ref = { $ref: [NamedEntity, string] };
export type FieldChange = { field: string; from: unknown; to: unknown };
export type NamedOp = {
  kind: "create" | "update" | "delete";
  entity: NamedEntity;
  /** the object's name (scope: env/resource:action; binding: client -> profile) */
  key: string;
  /** the change request operation's data, with names as $ref placeholders */
  data?: Record<string, unknown>;
  /** for people: what each updated field was and becomes */
  changes?: FieldChange[];
};
export type Plan = { operations: NamedOp[]; unmanaged: { entity: NamedEntity; key: string }[]; notes: string[]; errors: string[] };

const order: NamedEntity[] = ["environment", "domain", "resource", "scope", "profile", "client", "binding", "claimRule", "assertion"];
const ref = (entity: NamedEntity, key: string | null | undefined): Ref | null => (key ? { $ref: [entity, key] } : null);
const same = (a: unknown, b: unknown) => canonicalize(a ?? null) === canonicalize(b ?? null);
const sorted = (xs: string[] | undefined) => [...(xs ?? [])].sort();
const isoOrNull = (s: string | undefined) => (s ? new Date(s).toISOString() : null);

type Fields = Record<string, unknown>;
/** Per entity: its key and its comparable fields with defaults filled in (names, not refs). */
type Row = { key: string; fields: Fields; create: Fields };

const envRows = (s: CatalogState): Row[] =>
  s.environments.map((e) => {
    const fields = { displayName: e.displayName || e.name, protection: e.protection ?? "none", blockingChecks: sorted(e.blockingChecks), rank: e.rank ?? 0 };
    return { key: e.name, fields, create: { name: e.name, ...fields } };
  });
const domainRows = (s: CatalogState): Row[] =>
  s.domains.map((d) => {
    const fields = { displayName: d.displayName || d.name, description: d.description ?? "", ownerEmails: sorted(d.owners) };
    return { key: d.name, fields, create: { name: d.name, ...fields } };
  });
const resourceRows = (s: CatalogState): Row[] =>
  s.resources.map((r) => {
    const fields = { kind: r.kind, domainId: ref("domain", r.domain), criticality: r.criticality ?? "medium", owner: r.owner ?? "", description: r.description ?? "", labels: r.labels ?? {} };
    return { key: `${r.environment}/${r.name}`, fields, create: { name: r.name, environmentId: ref("environment", r.environment), ...fields } };
  });
const scopeRows = (s: CatalogState): Row[] =>
  s.resources.flatMap((r) =>
    (r.scopes ?? []).map((sc) => {
      const fields = { description: sc.description ?? "" };
      return { key: `${r.environment}/${r.name}:${sc.action}`, fields, create: { resourceId: ref("resource", `${r.environment}/${r.name}`), action: sc.action, ...fields } };
    }),
  );
const profileRows = (s: CatalogState): Row[] =>
  s.profiles.map((p) => {
    const fields = {
      description: p.description ?? "",
      environmentId: ref("environment", p.environment),
      domainId: ref("domain", p.domain),
      owner: p.owner ?? "",
      maxTokenLifetimeSeconds: p.maxTokenLifetimeSeconds ?? 3600,
      expiresAt: isoOrNull(p.expiresAt),
      scopes: sorted(p.scopes),
    };
    const { scopes, ...rest } = fields;
    return { key: p.name, fields, create: { name: p.name, ...rest, scopeIds: scopes.map((k) => ref("scope", k)) } };
  });
const clientRows = (s: CatalogState): Row[] =>
  s.clients.map((c) => {
    const fields = { displayName: c.displayName ?? "", status: c.status ?? "active", domainId: ref("domain", c.domain), owner: c.owner ?? "", description: c.description ?? "" };
    return { key: c.name, fields: { kind: c.kind, ...fields }, create: { name: c.name, kind: c.kind, ...fields } };
  });
const bindingRows = (s: CatalogState): Row[] =>
  s.clients.flatMap((c) =>
    (c.bindings ?? []).map((b) => {
      const fields = { expiresAt: isoOrNull(b.expiresAt), reason: b.reason ?? "" };
      return { key: bindingKey(c.name, b.profile), fields, create: { clientId: ref("client", c.name), profileId: ref("profile", b.profile), ...fields } };
    }),
  );
const claimRuleRows = (s: CatalogState): Row[] =>
  s.claimRules.map((r) => {
    const fields = { issuer: r.issuer, conditions: r.conditions ?? {}, profileId: ref("profile", r.profile), clientId: ref("client", r.client), description: r.description ?? "" };
    return { key: r.name, fields, create: { name: r.name, ...fields } };
  });
const assertionRows = (s: CatalogState): Row[] =>
  s.assertions.map((a) => {
    const spec = { severity: "high", ...a };
    return { key: a.name, fields: { spec }, create: { name: a.name, spec } };
  });

const rowsOf: Record<NamedEntity, (s: CatalogState) => Row[]> = {
  environment: envRows,
  domain: domainRows,
  resource: resourceRows,
  scope: scopeRows,
  profile: profileRows,
  client: clientRows,
  binding: bindingRows,
  claimRule: claimRuleRows,
  assertion: assertionRows,
};

/** A profile's scope set as the profile update's add/remove lists. */
function profileUpdate(changes: FieldChange[]): Fields {
  const data: Fields = {};
  for (const c of changes) {
    if (c.field !== "scopes") {
      data[c.field] = c.to;
      continue;
    }
    const from = new Set(c.from as string[]);
    const to = new Set(c.to as string[]);
    const add = [...to].filter((k) => !from.has(k));
    const remove = [...from].filter((k) => !to.has(k));
    if (add.length) data.addScopeIds = add.map((k) => ref("scope", k));
    if (remove.length) data.removeScopeIds = remove.map((k) => ref("scope", k));
  }
  return data;
}

/** Compares the live state with the desired one. */
export function diffStates(live: CatalogState, desired: CatalogState, { prune = false } = {}): Plan {
  const creates: NamedOp[] = [];
  const updates: NamedOp[] = [];
  const deletes: NamedOp[] = [];
  const unmanaged: Plan["unmanaged"] = [];
  const errors: string[] = [];
  for (const entity of order) {
    const before = new Map(rowsOf[entity](live).map((r) => [r.key, r]));
    const after = rowsOf[entity](desired).sort((a, b) => a.key.localeCompare(b.key));
    for (const row of after) {
      const old = before.get(row.key);
      if (!old) {
        creates.push({ kind: "create", entity, key: row.key, data: row.create });
        continue;
      }
      const changes = Object.keys(row.fields)
        .filter((f) => !same(old.fields[f], row.fields[f]))
        .map((field) => ({ field, from: old.fields[field] ?? null, to: row.fields[field] ?? null }));
      if (!changes.length) continue;
      if (entity === "client" && changes.some((c) => c.field === "kind")) {
        errors.push(`client ${row.key}: kind cannot change (${String(old.fields.kind)} -> ${String(row.fields.kind)}); give the new client another name`);
        continue;
      }
      const data = entity === "profile" ? profileUpdate(changes) : Object.fromEntries(changes.map((c) => [c.field, c.to]));
      updates.push({ kind: "update", entity, key: row.key, data, changes });
    }
    const wanted = new Set(after.map((r) => r.key));
    for (const key of [...before.keys()].sort()) {
      if (wanted.has(key)) continue;
      if (prune) deletes.push({ kind: "delete", entity, key });
      else unmanaged.push({ entity, key });
    }
  }
  const notes = issuerNotes(live, desired);
  return { operations: [...creates, ...updates, ...deletes.reverse()], unmanaged, notes, errors };
}

/** Trusted issuers are settings (an admin adds them), not change requests: differences are reported, never planned. */
function issuerNotes(live: CatalogState, desired: CatalogState): string[] {
  const have = new Map(live.issuers.map((i) => [i.name, i]));
  return desired.issuers.flatMap((i) => {
    const cur = have.get(i.name);
    if (!cur) return [`issuer ${i.name} is not trusted yet: an admin adds it under Settings → Trusted issuers`];
    if (cur.issuer !== i.issuer || cur.audience !== i.audience) return [`issuer ${i.name} differs from the trusted one: an admin changes it under Settings → Trusted issuers`];
    return [];
  });
}

/** The plan's identity: the same operations from the same catalog give the same hash. */
export function planHash(ops: NamedOp[]): string {
  return createHash("sha256").update(canonicalize(ops) ?? "").digest("hex");
}
