// Catalog state <-> YAML files. Export writes one file per domain
// (domains/<name>.yaml), environments.yaml, issuers.yaml and assertions.yaml,
// in a stable order with fixed key order and empty fields left out, so an
// unchanged catalog exports byte-identical files. Reading merges any set of
// files back into one state; errors name the file and the path inside it.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { stringify, parseDocument } from "yaml";
import { catalogFilesJsonSchema, emptyState, formatVersion, type CatalogFile, type CatalogState } from "./format";

export type FileError = { file: string; path: string; message: string };

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** Drops undefined, null, "", [] and {} so files hold only what was set. */
export function tidy<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

const sortedRecord = (r: Record<string, string> | undefined) => (r ? Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))) : undefined);

function domainFile(state: CatalogState, domain: string | null): CatalogFile {
  const mine = <T extends { domain: string | null }>(list: T[]) => list.filter((x) => x.domain === domain);
  const d = state.domains.find((x) => x.name === domain);
  return tidy({
    version: formatVersion,
    domain: d ? tidy({ name: d.name, displayName: d.displayName, description: d.description, owners: d.owners ? [...d.owners].sort() : undefined }) : undefined,
    resources: mine(state.resources)
      .sort((a, b) => a.environment.localeCompare(b.environment) || a.name.localeCompare(b.name))
      .map((r) =>
        tidy({
          name: r.name,
          environment: r.environment,
          kind: r.kind,
          criticality: r.criticality,
          owner: r.owner,
          description: r.description,
          labels: sortedRecord(r.labels),
          scopes: [...(r.scopes ?? [])].sort((a, b) => a.action.localeCompare(b.action)).map((s) => tidy({ action: s.action, description: s.description })),
        }),
      ),
    profiles: mine(state.profiles)
      .sort(byName)
      .map((p) =>
        tidy({
          name: p.name,
          environment: p.environment,
          description: p.description,
          owner: p.owner,
          maxTokenLifetimeSeconds: p.maxTokenLifetimeSeconds,
          expiresAt: p.expiresAt,
          scopes: [...(p.scopes ?? [])].sort(),
        }),
      ),
    clients: mine(state.clients)
      .sort(byName)
      .map((c) =>
        tidy({
          name: c.name,
          kind: c.kind,
          displayName: c.displayName,
          status: c.status,
          owner: c.owner,
          description: c.description,
          bindings: [...(c.bindings ?? [])].sort((a, b) => a.profile.localeCompare(b.profile)).map((b) => tidy({ profile: b.profile, expiresAt: b.expiresAt, reason: b.reason })),
        }),
      ),
    claimRules: mine(state.claimRules)
      .sort(byName)
      .map((r) => tidy({ name: r.name, issuer: r.issuer, conditions: sortedRecord(r.conditions), profile: r.profile, client: r.client, description: r.description })),
  });
}

const yaml = (doc: object) => stringify(doc, { lineWidth: 0, sortMapEntries: false });

/** The files of a state: relative path -> YAML text, in path order. */
export function stateToFiles(state: CatalogState): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    "environments.yaml",
    yaml({
      version: formatVersion,
      environments: [...state.environments]
        .sort(byName)
        .map((e) => tidy({ name: e.name, displayName: e.displayName, protection: e.protection, blockingChecks: e.blockingChecks ? [...e.blockingChecks].sort() : undefined, rank: e.rank })),
    }),
  );
  files.set("issuers.yaml", yaml({ version: formatVersion, issuers: [...state.issuers].sort(byName).map((i) => tidy({ ...i })) }));
  if (state.assertions.length) files.set("assertions.yaml", yaml({ version: formatVersion, assertions: [...state.assertions].sort(byName).map((a) => tidy({ ...a })) }));
  for (const d of [...state.domains].sort(byName)) files.set(`domains/${d.name}.yaml`, yaml(domainFile(state, d.name)));
  const unowned = domainFile(state, null);
  if (unowned.profiles || unowned.clients || unowned.claimRules) files.set("domains/_unowned.yaml", yaml(unowned));
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

let validator: ReturnType<Ajv2020["compile"]> | undefined;
function validateFile(doc: unknown) {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    validator = ajv.compile(catalogFilesJsonSchema());
  }
  return validator(doc) ? [] : (validator.errors ?? []);
}

/** Merges files (relative path -> YAML text) into one state; a file that fails the JSON Schema contributes nothing. */
export function filesToState(files: Map<string, string>): { state: CatalogState; errors: FileError[] } {
  const state = emptyState();
  const errors: FileError[] = [];
  for (const [file, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const parsed = parseDocument(text, { prettyErrors: false });
    if (parsed.errors.length) {
      errors.push(...parsed.errors.map((e) => ({ file, path: "", message: e.message })));
      continue;
    }
    const doc = parsed.toJS() ?? {};
    const issues = validateFile(doc);
    if (issues.length) {
      for (const i of issues) {
        const extra = i.keyword === "additionalProperties" ? `: ${(i.params as { additionalProperty?: string }).additionalProperty}` : "";
        errors.push({ file, path: i.instancePath.replace(/^\//, "").replaceAll("/", ".") || "(file)", message: `${i.message ?? "is invalid"}${extra}` });
      }
      continue;
    }
    const f = doc as CatalogFile;
    const domain = f.domain?.name ?? null;
    state.environments.push(...(f.environments ?? []));
    state.issuers.push(...(f.issuers ?? []));
    if (f.domain) state.domains.push(f.domain);
    state.resources.push(...(f.resources ?? []).map((r) => ({ ...r, domain })));
    state.profiles.push(...(f.profiles ?? []).map((p) => ({ ...p, domain })));
    state.clients.push(...(f.clients ?? []).map((c) => ({ ...c, domain })));
    state.claimRules.push(...(f.claimRules ?? []).map((r) => ({ ...r, domain })));
    state.assertions.push(...(f.assertions ?? []));
    if (!domain && f.resources?.length) errors.push({ file, path: "resources", message: "resources belong to a domain: add a domain section to this file" });
  }
  return { state, errors };
}
