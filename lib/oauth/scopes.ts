// Scope strings of access tokens, and the narrowing rules of the token
// endpoint. A token's scope names each scope as "<environment>/<resource>:<action>"
// ("prod/orders-db:read"), which is unambiguous across environments; requests may
// also use the short "<resource>:<action>" when only one held scope has it.
// Pure functions: no database, no clock.
import { OAuthError } from "./errors";

/** One scope a profile holds, with the names tokens use. */
export type ScopeRef = {
  id: string;
  /** "prod/orders-db:read" */
  name: string;
  resourceId: string;
  /** "prod/orders-db" */
  resource: string;
  action: string;
};

export const RESOURCE_URN = "urn:perimeter:resource:";

/** The audience value of a resource: "urn:perimeter:resource:prod/orders-db". */
export const audienceOf = (resource: string) => `${RESOURCE_URN}${resource}`;

/** "urn:perimeter:resource:prod/orders-db" or "prod/orders-db" -> "prod/orders-db". */
export const resourceFromIndicator = (value: string) => (value.startsWith(RESOURCE_URN) ? value.slice(RESOURCE_URN.length) : value);

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** The scope parameter as a list (null when absent or empty); throws on a malformed token. */
export function parseScopeParam(value: string | null | undefined): string[] | null {
  if (value === null || value === undefined) return null;
  const parts = value.split(" ").filter(Boolean);
  if (parts.length === 0) return null;
  for (const p of parts) if (!scopeToken.test(p)) throw new ScopeError("invalid_scope", `"${p}" is not a valid scope token`);
  return [...new Set(parts)];
}

/** An OAuthError (400), so one that escapes its caller is still the client's error, never a 500. */
export class ScopeError extends OAuthError {
  constructor(
    override readonly error: "invalid_scope" | "invalid_target",
    message: string,
  ) {
    super(error, message);
    this.name = "ScopeError";
  }
}

export type Selection = { scopes: ScopeRef[]; audience: string[] };

/** Finds the held scope a requested name means: the full name, or a short name held once. */
function resolve(held: ScopeRef[], byName: Map<string, ScopeRef>, name: string): ScopeRef {
  const exact = byName.get(name);
  if (exact) return exact;
  if (!name.includes("/")) {
    const matches = held.filter((s) => s.name.slice(s.name.indexOf("/") + 1) === name);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw new ScopeError("invalid_scope", `"${name}" is ambiguous: name one of ${matches.map((m) => m.name).join(", ")}`);
    }
  }
  throw new ScopeError("invalid_scope", `the requested scope "${name}" is not held by the client's profile`);
}

/**
 * The scopes and audience of a token, from what the profile holds, the scope
 * requested (never widened: a scope outside the profile is invalid_scope) and
 * the RFC 8707 resource indicators (which narrow both: a resource no held
 * scope reaches is invalid_target). No scope requested means every held scope
 * (on the indicated resources), never more.
 */
export function selectScopes(held: ScopeRef[], requested: string[] | null, resources: string[] | null): Selection {
  const byName = new Map(held.map((s) => [s.name, s]));
  let scopes = requested ? requested.map((name) => resolve(held, byName, name)) : held;
  if (resources && resources.length) {
    const wanted = new Set(resources.map(resourceFromIndicator));
    for (const r of wanted) {
      if (!held.some((s) => s.resource === r)) throw new ScopeError("invalid_target", `the client's profile holds no scope on ${r}`);
    }
    if (requested) {
      const outside = scopes.find((s) => !wanted.has(s.resource));
      if (outside) throw new ScopeError("invalid_scope", `the requested scope "${outside.name}" is not on the indicated resource(s)`);
    } else {
      scopes = scopes.filter((s) => wanted.has(s.resource));
    }
  }
  scopes = [...new Map(scopes.map((s) => [s.id, s])).values()];
  if (scopes.length === 0) throw new ScopeError("invalid_scope", "the client's profile holds no scope");
  const audience = [...new Set(scopes.map((s) => s.resource))].sort().map(audienceOf);
  return { scopes: scopes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), audience };
}

/** Is every scope of a token still held (by id)? The first one that is not, or null. */
export function firstNotHeld(tokenScopeIds: string[], held: ReadonlySet<string>): string | null {
  for (const id of tokenScopeIds) if (!held.has(id)) return id;
  return null;
}

/** Does a token's scope list cover an action on a resource ("prod/orders-db:read" or "prod/orders-db:*")? */
export function coveringScope(tokenScopes: readonly string[], resource: string, action: string): string | null {
  const exact = `${resource}:${action}`;
  const any = `${resource}:*`;
  for (const s of tokenScopes) if (s === exact || s === any) return s;
  return null;
}
