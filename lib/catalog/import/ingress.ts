// Import of Kubernetes Ingress manifests: YAML in, a change request's input
// out. Every host + path of a networking.k8s.io/v1 Ingress becomes one
// resource of kind "ingress" with its standard scopes; everything else in the
// stream is reported as skipped, never silently dropped. The change itself
// goes through the one write path (openChange, or previewChange for a dry run):
// reviewed under the approval rules like any other change.
import { z } from "zod";
import type { Actor } from "../../auth/permissions";
import { createId as defaultCreateId } from "../../changes/ids";
import type { OperationInput } from "../../changes/operations";
import type { OperationResult } from "../../changes/apply-operations";
import { openChange, type OpenResult } from "../../changes/workflow/open-change";
import { previewChange } from "../../changes/workflow/preview-change";
import type { Finding } from "../../policy/findings";
import type { Db, Tx } from "../../db/client";
import { AppError, validationError } from "../../errors";
import { identifier, standardActions } from "../schemas";
import { isObj, maxRoutes, readStream, withSuffix, type Candidate, type PlannedRoute, type SkippedItem } from "./ingress-manifest";
import { text } from "../../validation/text";

export { maxRoutes, routeResourceName, type PlannedRoute, type SkippedItem } from "./ingress-manifest";

export const ingressImportInput = z.object({
  yaml: text().trim().min(1, "paste or upload at least one Ingress manifest").max(500_000, "must be at most 500 kB; split the import"),
  environmentId: text().trim().min(1, "choose an environment").max(64),
  domainId: text().trim().min(1, "choose a domain").max(64),
});
export type IngressImportInput = z.input<typeof ingressImportInput>;

export type IngressImportPlan = {
  /** the change request's input; `operations` is empty when nothing is left to import */
  change: { title: string; reason: string; operations: OperationInput[] };
  routes: PlannedRoute[];
  skipped: SkippedItem[];
};

/** Which of these resource names already exist in the environment. */
export type ExistingResourceLookup = (environmentId: string, names: readonly string[]) => Promise<ReadonlySet<string>>;

export type PlanOptions = { lookup: ExistingResourceLookup; createId?: () => string };

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

/** The change request an import opened (null for a dry run), with what it does. */
export type ImportOutcome = { changeRequest: OpenResult["changeRequest"] | null; results: OperationResult[]; findings: Finding[]; risk: string };

export type IngressImportResult = {
  dryRun: boolean;
  /** the change request (opened, or what a preview would open); null when nothing is left to import */
  result: ImportOutcome | null;
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
  if (dryRun) {
    const p = await previewChange(db, opts);
    return { ...base, result: { changeRequest: null, results: p.results, findings: p.findings, risk: p.risk.level } };
  }
  const opened = await openChange(db, { ...opts, source: "import" });
  return { ...base, result: { changeRequest: opened.changeRequest, results: opened.results, findings: opened.findings, risk: opened.changeRequest.risk } };
}
