// Import of Kubernetes Ingress manifests: YAML in, a change request's input
// out. Every host + path of a networking.k8s.io/v1 Ingress becomes one
// resource of kind "ingress" with its standard scopes; everything else in the
// stream is reported as skipped, never silently dropped. The change itself
// goes through the one write path (submitChange / previewChange).
import { createHash } from "node:crypto";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import type { Actor } from "../../auth/permissions";
import { createId as defaultCreateId } from "../../changes/ids";
import type { OperationInput } from "../../changes/operations";
import { previewChange, submitChange, type ChangeResult } from "../../changes/submit-change";
import type { Db, Tx } from "../../db/client";
import { AppError, validationError, type FieldError } from "../../errors";
import { identifier, standardActions } from "../schemas";

export const ingressImportInput = z.object({
  yaml: z.string().trim().min(1, "paste or upload at least one Ingress manifest").max(500_000, "must be at most 500 kB; split the import"),
  environmentId: z.string().trim().min(1, "choose an environment").max(64),
  domainId: z.string().trim().min(1, "choose a domain").max(64),
});
export type IngressImportInput = z.input<typeof ingressImportInput>;

/** One host + path that will become a resource. */
export type PlannedRoute = {
  /** where it came from: documents[0].spec.rules[1].http.paths[0] */
  at: string;
  ingress: string;
  namespace: string;
  host: string;
  path: string;
  ingressClassName: string | null;
  resourceId: string;
  resourceName: string;
  /** scope names, e.g. orders-api-acme-example-api-v1:read */
  scopes: string[];
  labels: Record<string, string>;
};

/** A document or route that is not imported, and why. */
export type SkippedItem = { at: string; what: string; reason: string; resourceName?: string };

export type IngressImportPlan = {
  /** the change request's input; `operations` is empty when nothing is left to import */
  change: { title: string; reason: string; operations: OperationInput[] };
  routes: PlannedRoute[];
  skipped: SkippedItem[];
};

/** Which of these resource names already exist in the environment. */
export type ExistingResourceLookup = (environmentId: string, names: readonly string[]) => Promise<ReadonlySet<string>>;

export type PlanOptions = { lookup: ExistingResourceLookup; createId?: () => string };

/** 1 resource + 3 scopes per route must fit in one change request (1000 operations). */
export const maxRoutes = 250;
const ingressApiVersion = "networking.k8s.io/v1";
const hostname = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const objectName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A valid, descriptive, deterministic identifier for a route:
 * orders-api.acme.example + /api/v1 -> orders-api-acme-example-api-v1.
 * Longer than 63 characters: cut, and suffixed with a hash of the full route.
 */
export function routeResourceName(host: string, path: string): string {
  const base = `${host.replace(/^\*\./, "wildcard.")}${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const name = /^[a-z]/.test(base) ? base : `ingress-${base}`.replace(/-+$/, "");
  return name.length <= 63 ? name : withSuffix(name, `${host}${path}`);
}

function withSuffix(name: string, key: string): string {
  const hash = createHash("sha256").update(key).digest("hex").slice(0, 8);
  return `${name.slice(0, 63 - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

function backendOf(path: Obj): string | null {
  const backend = path.backend;
  if (!isObj(backend)) return null;
  if (isObj(backend.service) && typeof backend.service.name === "string") {
    const port = isObj(backend.service.port) ? (backend.service.port.number ?? backend.service.port.name) : undefined;
    return port === undefined ? backend.service.name : `${backend.service.name}:${String(port)}`;
  }
  if (isObj(backend.resource) && typeof backend.resource.kind === "string" && typeof backend.resource.name === "string") {
    return `${backend.resource.kind}/${backend.resource.name}`;
  }
  return null;
}

type Candidate = Omit<PlannedRoute, "resourceId" | "scopes"> & { tls: boolean; key: string };

/** Reads one Kubernetes object; pushes field errors, returns its routes or why it is skipped. */
function readObject(value: unknown, at: string, errors: FieldError[], skipped: SkippedItem[]): Candidate[] {
  const fail = (field: string, message: string) => {
    errors.push({ field: `${at}${field}`, message });
    return [];
  };
  if (!isObj(value)) return fail("", "must be a Kubernetes object with apiVersion and kind");
  const { kind, apiVersion, metadata, spec } = value;
  if (typeof kind !== "string" || !kind) return fail(".kind", "is required");
  const meta = isObj(metadata) ? metadata : {};
  const label = `${kind} ${typeof meta.namespace === "string" ? `${meta.namespace}/` : ""}${typeof meta.name === "string" ? meta.name : "(unnamed)"}`;

  if (kind === "List" && Array.isArray(value.items)) {
    return value.items.flatMap((item, i) => readObject(item, `${at}.items[${i}]`, errors, skipped));
  }
  if (kind !== "Ingress") {
    skipped.push({ at, what: label, reason: `kind ${kind} is not imported; only ${ingressApiVersion} Ingress is` });
    return [];
  }
  if (apiVersion !== ingressApiVersion) {
    skipped.push({ at, what: label, reason: `apiVersion ${String(apiVersion)} is not supported; convert it to ${ingressApiVersion}` });
    return [];
  }
  const name = meta.name;
  if (typeof name !== "string" || !name) return fail(".metadata.name", "is required");
  if (name.length > 200 || !objectName.test(name)) return fail(".metadata.name", "must be a Kubernetes object name (lowercase letters, digits, - and .)");
  const namespace = meta.namespace ?? "default";
  if (typeof namespace !== "string" || !objectName.test(namespace) || namespace.length > 63)
    return fail(".metadata.namespace", "must be a Kubernetes namespace name");
  if (!isObj(spec)) return fail(".spec", "is required");
  const ingressClassName = spec.ingressClassName ?? null;
  if (ingressClassName !== null && (typeof ingressClassName !== "string" || ingressClassName.length > 200))
    return fail(".spec.ingressClassName", "must be a string");
  const tlsHosts = new Set(
    (Array.isArray(spec.tls) ? spec.tls : []).flatMap((t) => (isObj(t) && Array.isArray(t.hosts) ? t.hosts.filter((h) => typeof h === "string") : [])),
  );
  if (spec.rules === undefined || spec.rules === null || (Array.isArray(spec.rules) && spec.rules.length === 0)) {
    skipped.push({ at, what: `Ingress ${namespace}/${name}`, reason: "has no rules (only a default backend); nothing to import" });
    return [];
  }
  if (!Array.isArray(spec.rules)) return fail(".spec.rules", "must be a list");

  const out: Candidate[] = [];
  const before = errors.length;
  spec.rules.forEach((rule, r) => {
    const ruleAt = `${at}.spec.rules[${r}]`;
    if (!isObj(rule)) return void errors.push({ field: ruleAt, message: "must be a mapping with host and http" });
    if (rule.host === undefined || rule.host === null) {
      skipped.push({ at: ruleAt, what: `Ingress ${namespace}/${name}`, reason: "the rule has no host; only host rules are imported" });
      return;
    }
    if (typeof rule.host !== "string" || rule.host.length > 200 || !hostname.test(rule.host.toLowerCase()))
      return void errors.push({ field: `${ruleAt}.host`, message: "must be a hostname" });
    const host = rule.host.toLowerCase();
    if (!isObj(rule.http)) {
      skipped.push({ at: ruleAt, what: `${host} in Ingress ${namespace}/${name}`, reason: "the rule has no http paths" });
      return;
    }
    if (!Array.isArray(rule.http.paths) || rule.http.paths.length === 0)
      return void errors.push({ field: `${ruleAt}.http.paths`, message: "must be a non-empty list" });
    rule.http.paths.forEach((p, k) => {
      const pathAt = `${ruleAt}.http.paths[${k}]`;
      if (!isObj(p)) return void errors.push({ field: pathAt, message: "must be a mapping with path and backend" });
      const path = p.path ?? "/";
      if (typeof path !== "string" || !path.startsWith("/"))
        return void errors.push({ field: `${pathAt}.path`, message: "must be an absolute path starting with /" });
      if (path.length > 200) return void errors.push({ field: `${pathAt}.path`, message: "must be at most 200 characters" });
      const backend = backendOf(p);
      const labels: Record<string, string> = {
        host,
        path,
        namespace,
        ingress: name,
        ...(ingressClassName ? { "ingress-class": ingressClassName } : {}),
        ...(typeof p.pathType === "string" ? { "path-type": p.pathType.slice(0, 200) } : {}),
        ...(backend ? { backend: backend.slice(0, 200) } : {}),
      };
      out.push({
        at: pathAt,
        ingress: name,
        namespace,
        host,
        path,
        ingressClassName,
        resourceName: routeResourceName(host, path),
        labels,
        tls: tlsHosts.has(host) || tlsHosts.has(rule.host as string),
        key: `${host}${path}`,
      });
    });
  });
  return errors.length > before ? [] : out;
}

/** Parses the YAML stream into routes, collecting every field error. */
function readStream(yaml: string, skipped: SkippedItem[]): Candidate[] {
  const docs = parseAllDocuments(yaml, { uniqueKeys: true, prettyErrors: true });
  const errors: FieldError[] = [];
  const candidates: Candidate[] = [];
  docs.forEach((doc, i) => {
    const at = `documents[${i}]`;
    const syntax = doc.errors[0];
    if (syntax) {
      errors.push({ field: at, message: `is not valid YAML: ${syntax.message.split("\n")[0]}` });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push({ field: at, message: `is not valid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` });
      return;
    }
    if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
    candidates.push(...readObject(value, at, errors, skipped));
  });
  if (errors.length) {
    const first = errors[0]!;
    throw new AppError("validation", `${first.field}: ${first.message}`, errors);
  }
  return candidates;
}

function titleFor(count: number, ingresses: string[]): string {
  if (count === 0) return "Nothing to import";
  const shown = ingresses.length > 3 ? `${ingresses.slice(0, 3).join(", ")} and ${ingresses.length - 3} more` : ingresses.join(", ");
  const title = `Import ${count} ingress ${count === 1 ? "route" : "routes"} from ${shown}`;
  return title.length <= 200 ? title : `${title.slice(0, 199)}…`;
}

/**
 * Plans an import: which routes become resources (with generated ids and
 * their read/write/admin scopes), and which documents or routes are skipped.
 * Throws a validation error naming the document and field on bad input.
 */
export async function planIngressImport(raw: unknown, { lookup, createId = defaultCreateId }: PlanOptions): Promise<IngressImportPlan> {
  const parsed = ingressImportInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { yaml, environmentId, domainId } = parsed.data;

  const skipped: SkippedItem[] = [];
  const candidates = readStream(yaml, skipped);

  // Dedupe: the same host + path twice is one route; two routes whose names
  // collide get a suffix derived from the route, so names stay deterministic.
  const byKey = new Map<string, Candidate>();
  const byName = new Map<string, Candidate>();
  const unique: Candidate[] = [];
  for (const c of candidates) {
    const first = byKey.get(c.key);
    if (first) {
      skipped.push({
        at: c.at,
        what: `${c.host}${c.path} in Ingress ${c.namespace}/${c.ingress}`,
        reason: `duplicate of ${first.at} (Ingress ${first.namespace}/${first.ingress})`,
        resourceName: first.resourceName,
      });
      continue;
    }
    byKey.set(c.key, c);
    if (byName.has(c.resourceName)) c.resourceName = withSuffix(c.resourceName, c.key);
    byName.set(c.resourceName, c);
    unique.push(c);
  }

  const names = unique.map((c) => c.resourceName);
  for (const n of names) {
    const check = identifier.safeParse(n);
    if (!check.success) throw new AppError("validation", `cannot derive a resource name from ${n}: ${check.error.issues[0]?.message}`);
  }
  const existing = names.length ? await lookup(environmentId, names) : new Set<string>();
  const fresh: Candidate[] = [];
  for (const c of unique) {
    if (existing.has(c.resourceName)) {
      skipped.push({
        at: c.at,
        what: `${c.host}${c.path} in Ingress ${c.namespace}/${c.ingress}`,
        reason: `a resource named ${c.resourceName} already exists in this environment`,
        resourceName: c.resourceName,
      });
    } else fresh.push(c);
  }
  if (fresh.length > maxRoutes) {
    throw AppError.field("yaml", `has ${fresh.length} new routes; one change request holds at most ${maxRoutes}, so split the import`);
  }

  const routes: PlannedRoute[] = [];
  const operations: OperationInput[] = [];
  for (const c of fresh) {
    const resourceId = createId();
    const url = `${c.tls ? "https" : "http"}://${c.host}${c.path}`;
    operations.push({
      entity: "resource",
      kind: "create",
      id: resourceId,
      data: {
        name: c.resourceName,
        kind: "ingress",
        environmentId,
        domainId,
        description: `Ingress route ${url} (Ingress ${c.namespace}/${c.ingress})`.slice(0, 500),
        labels: c.labels,
      },
    });
    for (const action of standardActions) {
      operations.push({
        entity: "scope",
        kind: "create",
        data: { resourceId, action, description: `${action} on ${url}`.slice(0, 300) },
      });
    }
    routes.push({
      at: c.at,
      ingress: c.ingress,
      namespace: c.namespace,
      host: c.host,
      path: c.path,
      ingressClassName: c.ingressClassName,
      resourceId,
      resourceName: c.resourceName,
      scopes: standardActions.map((a) => `${c.resourceName}:${a}`),
      labels: c.labels,
    });
  }

  const ingresses = [...new Set(fresh.map((c) => `${c.namespace}/${c.ingress}`))];
  const ingressNames = [...new Set(fresh.map((c) => c.ingress))];
  const reason = [
    `Imported from Kubernetes Ingress manifests: ${ingresses.join(", ") || "none"}.`,
    skipped.length ? `Skipped ${skipped.length}: ${skipped.map((s) => `${s.what} (${s.reason})`).join("; ")}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return {
    change: { title: titleFor(fresh.length, ingressNames), reason: reason.length <= 2000 ? reason : `${reason.slice(0, 1999)}…`, operations },
    routes,
    skipped,
  };
}

/** The lookup the console and API use: resource names taken in the environment. */
export function existingResources(db: Db | Tx): ExistingResourceLookup {
  return async (environmentId, names) => {
    const rows = await db.resource.findMany({ where: { environmentId, name: { in: [...names] } }, select: { name: true } });
    return new Set(rows.map((r) => r.name));
  };
}

export type IngressImportResult = {
  dryRun: boolean;
  /** the change request (applied, or what a preview would apply); null when nothing is left to import */
  result: ChangeResult | null;
  title: string;
  routes: PlannedRoute[];
  skipped: SkippedItem[];
};

/** Plans the import and previews or submits it through the write path. */
export async function importIngress(
  db: Db,
  { actor, input, dryRun }: { actor: Actor; input: unknown; dryRun: boolean },
): Promise<IngressImportResult> {
  const raw = isObj(input) ? input : {};
  const refs = ingressImportInput.pick({ environmentId: true, domainId: true }).safeParse(raw);
  if (refs.success) {
    const [env, domain] = await Promise.all([
      db.environment.findUnique({ where: { id: refs.data.environmentId }, select: { id: true } }),
      db.domain.findUnique({ where: { id: refs.data.domainId }, select: { id: true } }),
    ]);
    if (!env) throw AppError.field("environmentId", "no environment with this id");
    if (!domain) throw AppError.field("domainId", "no domain with this id");
  }
  const plan = await planIngressImport(input, { lookup: existingResources(db) });
  const base = { dryRun, title: plan.change.title, routes: plan.routes, skipped: plan.skipped };
  if (!plan.change.operations.length) return { ...base, result: null };
  const opts = { actor, input: plan.change };
  const result = dryRun ? await previewChange(db, opts) : await submitChange(db, opts);
  return { ...base, result };
}
