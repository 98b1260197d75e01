// Reference checks over the files alone: every name an object uses names an
// object the files define, and no object is defined twice.
import type { CatalogState } from "./format";
import { bindingKey } from "./keys";

export type ReferenceError = { at: string; message: string };

function duplicates(kind: string, keys: string[], out: ReferenceError[]) {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) out.push({ at: `${kind} ${k}`, message: `${kind} ${k} is defined more than once` });
    seen.add(k);
  }
}

export function checkReferences(s: CatalogState): ReferenceError[] {
  const out: ReferenceError[] = [];
  const envs = new Set(s.environments.map((e) => e.name));
  const domains = new Set(s.domains.map((d) => d.name));
  const resources = new Set(s.resources.map((r) => `${r.environment}/${r.name}`));
  const scopes = new Set(s.resources.flatMap((r) => (r.scopes ?? []).map((sc) => `${r.environment}/${r.name}:${sc.action}`)));
  const profiles = new Set(s.profiles.map((p) => p.name));
  const clients = new Set(s.clients.map((c) => c.name));
  const issuers = new Set(s.issuers.map((i) => i.issuer));

  duplicates("environment", s.environments.map((e) => e.name), out);
  duplicates("domain", s.domains.map((d) => d.name), out);
  duplicates("resource", s.resources.map((r) => `${r.environment}/${r.name}`), out);
  duplicates("scope", s.resources.flatMap((r) => (r.scopes ?? []).map((sc) => `${r.environment}/${r.name}:${sc.action}`)), out);
  duplicates("profile", s.profiles.map((p) => p.name), out);
  duplicates("client", s.clients.map((c) => c.name), out);
  duplicates("binding", s.clients.flatMap((c) => (c.bindings ?? []).map((b) => bindingKey(c.name, b.profile))), out);
  duplicates("claim rule", s.claimRules.map((r) => r.name), out);
  duplicates("assertion", s.assertions.map((a) => a.name), out);

  const need = (ok: boolean, at: string, message: string) => {
    if (!ok) out.push({ at, message });
  };
  for (const r of s.resources) need(envs.has(r.environment), `resource ${r.environment}/${r.name}`, `environment ${r.environment} is not defined`);
  for (const p of s.profiles) {
    if (p.environment) need(envs.has(p.environment), `profile ${p.name}`, `environment ${p.environment} is not defined`);
    for (const sc of p.scopes ?? []) need(scopes.has(sc), `profile ${p.name}`, `scope ${sc} is not defined (add the action to the resource's scopes)`);
  }
  for (const c of s.clients)
    for (const b of c.bindings ?? []) need(profiles.has(b.profile), `binding ${bindingKey(c.name, b.profile)}`, `profile ${b.profile} is not defined`);
  for (const r of s.claimRules) {
    need(profiles.has(r.profile), `claim rule ${r.name}`, `profile ${r.profile} is not defined`);
    if (r.client) need(clients.has(r.client), `claim rule ${r.name}`, `client ${r.client} is not defined`);
    if (s.issuers.length) need(issuers.has(r.issuer), `claim rule ${r.name}`, `issuer ${r.issuer} is not in issuers.yaml`);
  }
  for (const a of s.assertions) {
    const at = `assertion ${a.name}`;
    if ("resource" in a) need(resources.has(a.resource), at, `resource ${a.resource} is not defined`);
    if ("client" in a) need(clients.has(a.client), at, `client ${a.client} is not defined`);
    if ("domain" in a) need(domains.has(a.domain), at, `domain ${a.domain} is not defined`);
    if ("environment" in a) need(envs.has(a.environment), at, `environment ${a.environment} is not defined`);
  }
  return out;
}
