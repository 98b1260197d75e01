// Reading Kubernetes Ingress manifests: a YAML stream in, one candidate per
// host + path of every networking.k8s.io/v1 Ingress out, with the name its
// resource will get; documents and routes that cannot be imported are
// reported as skipped, malformed ones as field errors naming the document.
import { createHash } from "node:crypto";
import { parseAllDocuments } from "yaml";
import { AppError, type FieldError } from "../../errors";

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

/** 1 resource + 3 scopes per route must fit in one change request (1000 operations). */
export const maxRoutes = 250;
const ingressApiVersion = "networking.k8s.io/v1";
const hostname = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const objectName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

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

export function withSuffix(name: string, key: string): string {
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

export type Candidate = Omit<PlannedRoute, "resourceId" | "scopes"> & { tls: boolean; key: string };

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
export function readStream(yaml: string, skipped: SkippedItem[]): Candidate[] {
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
