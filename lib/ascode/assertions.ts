// Access assertions evaluated over a catalog state (the files, the planned
// catalog, or the catalog inside a change's rolled-back transaction). Pure.
// Reach follows the read model's rules: an active client reaches a scope
// through an unexpired binding, or a claim rule acting as it, to an unexpired
// profile that holds the scope (or the resource's "*" scope).
import type { AssertionSpec, CatalogState } from "./format";

export type ReachPath = {
  client: string;
  clientKind: string;
  clientDomain: string | null;
  via: "binding" | "claim rule";
  /** the binding (client -> profile) or the claim rule's name */
  through: string;
  profile: string;
  scope: string;
  /** the access ends by itself: the binding or the profile has an expiry */
  expiring: boolean;
};

export type AssertionResult = { name: string; rule: AssertionSpec["rule"]; severity: string; pass: boolean; message: string; paths: string[]; pathCount: number };

const live = (iso: string | undefined, now: Date) => !iso || new Date(iso) > now;

/** Every path by which a client reaches a scope, in the state as of `now`. */
export function reachPaths(s: CatalogState, now: Date): ReachPath[] {
  const profiles = new Map(s.profiles.filter((p) => live(p.expiresAt, now)).map((p) => [p.name, p]));
  const out: ReachPath[] = [];
  const add = (c: CatalogState["clients"][number], via: ReachPath["via"], through: string, profileName: string, bindingExpiry: string | undefined) => {
    const p = profiles.get(profileName);
    if (!p) return;
    for (const scope of p.scopes ?? [])
      out.push({ client: c.name, clientKind: c.kind, clientDomain: c.domain, via, through, profile: p.name, scope, expiring: !!bindingExpiry || !!p.expiresAt });
  };
  const clients = new Map(s.clients.filter((c) => (c.status ?? "active") === "active").map((c) => [c.name, c]));
  for (const c of clients.values()) for (const b of c.bindings ?? []) if (live(b.expiresAt, now)) add(c, "binding", `${c.name} -> ${b.profile}`, b.profile, b.expiresAt);
  for (const r of s.claimRules) {
    const c = r.client ? clients.get(r.client) : undefined;
    if (c) add(c, "claim rule", r.name, r.profile, undefined);
  }
  return out;
}

const resourceOf = (scope: string) => scope.slice(0, scope.lastIndexOf(":"));
const actionOf = (scope: string) => scope.slice(scope.lastIndexOf(":") + 1);
/** The path grants `action` on `resource` (a "*" scope grants every action). */
const grants = (p: ReachPath, resource: string, action?: string) =>
  resourceOf(p.scope) === resource && (!action || actionOf(p.scope) === action || actionOf(p.scope) === "*");
export const describePath = (p: ReachPath) => `${p.client} → ${p.via} ${p.through} → profile ${p.profile} → ${p.scope}`;

function evaluate(a: AssertionSpec, paths: ReachPath[]): { pass: boolean; message: string; paths: string[] } {
  switch (a.rule) {
    case "can": {
      const found = paths.filter((p) => p.client === a.client && grants(p, a.resource, a.action));
      return found.length
        ? { pass: true, message: `${a.client} can ${a.action} ${a.resource}`, paths: found.map(describePath) }
        : { pass: false, message: `${a.client} cannot ${a.action} ${a.resource}: no active binding or claim rule gives it a profile holding that scope`, paths: [] };
    }
    case "cannot": {
      const found = paths.filter((p) => p.client === a.client && grants(p, a.resource, a.action));
      return found.length
        ? { pass: false, message: `${a.client} can ${a.action} ${a.resource}`, paths: found.map(describePath) }
        : { pass: true, message: `${a.client} cannot ${a.action} ${a.resource}`, paths: [] };
    }
    case "only-domain": {
      const outside = paths.filter((p) => p.clientDomain !== a.domain && grants(p, a.resource, a.action));
      const who = [...new Set(outside.map((p) => p.client))].sort();
      return outside.length
        ? { pass: false, message: `${who.join(", ")} outside domain ${a.domain} can ${a.action} ${a.resource}`, paths: outside.map(describePath) }
        : { pass: true, message: `only clients of domain ${a.domain} can ${a.action} ${a.resource}`, paths: [] };
    }
    case "at-most": {
      const reaching = paths.filter((p) => grants(p, a.resource, a.action));
      const who = [...new Set(reaching.map((p) => p.client))].sort();
      const what = a.action ? `${a.action} ` : "reach ";
      return who.length > a.clients
        ? { pass: false, message: `${who.length} clients can ${what}${a.resource} (at most ${a.clients}): ${who.join(", ")}`, paths: reaching.map(describePath) }
        : { pass: true, message: `${who.length} of at most ${a.clients} clients can ${what}${a.resource}`, paths: [] };
    }
    case "expiring": {
      const standing = paths.filter(
        (p) => p.clientKind === a.kind && !p.expiring && p.scope.startsWith(`${a.environment}/`) && (actionOf(p.scope) === a.action || actionOf(p.scope) === "*"),
      );
      const who = [...new Set(standing.map((p) => p.client))].sort();
      return standing.length
        ? { pass: false, message: `${who.join(", ")} (${a.kind}) ${who.length === 1 ? "holds" : "hold"} ${a.action} in ${a.environment} without expiry`, paths: standing.map(describePath) }
        : { pass: true, message: `no ${a.kind} client holds ${a.action} in ${a.environment} without expiry`, paths: [] };
    }
  }
}

/** Evaluates the assertions (the state's own, unless given) over the state. */
export function checkAssertions(s: CatalogState, now: Date, assertions: AssertionSpec[] = s.assertions): AssertionResult[] {
  // Paths indexed once by resource and by environment, so each assertion reads only the
  // paths it is about: the cost is the catalog plus the assertions, not their product.
  const byResource = new Map<string, ReachPath[]>();
  const byEnvironment = new Map<string, ReachPath[]>();
  for (const p of reachPaths(s, now)) {
    const r = resourceOf(p.scope);
    (byResource.get(r) ?? byResource.set(r, []).get(r)!).push(p);
    const e = r.slice(0, r.indexOf("/"));
    (byEnvironment.get(e) ?? byEnvironment.set(e, []).get(e)!).push(p);
  }
  return [...assertions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((a) => {
      const relevant = ("resource" in a ? byResource.get(a.resource) : byEnvironment.get(a.environment)) ?? [];
      const r = evaluate(a, relevant);
      // a finding shows a few paths; thousands would only cost memory
      return { name: a.name, rule: a.rule, severity: a.severity ?? "high", ...r, paths: r.paths.slice(0, MAX_PATHS), pathCount: r.paths.length };
    });
}

/** How many violating paths an answer carries (pathCount says how many there were). */
export const MAX_PATHS = 20;

/** The environment an assertion is about, for its findings. */
export function assertionEnvironment(a: AssertionSpec): string | null {
  if ("environment" in a) return a.environment;
  if ("resource" in a) return a.resource.split("/")[0] ?? null;
  return null;
}
