// Introspection (RFC 7662), revocation (RFC 7009), JWKS and the
// authorization server metadata (RFC 8414). Framework-agnostic: the fast path
// (./http/fast-path.ts) parses the request and writes what these return.
import { createHash } from "node:crypto";
import { verifyApiTokenWith } from "../auth/api-tokens";
import type { Actor } from "../auth/permissions";
import { inspectAccessToken, verifyAccessToken } from "./access-tokens";
import { authenticateClient, presentedClient } from "./client-auth";
import { assertionAlgs } from "./client-keys";
import { invalidClient, OAuthError } from "./errors";
import { SIGNING_ALG } from "./key-store";
import { revokeTokens } from "./revocations";
import type { TokenService } from "./service";
import { grantTypes } from "./token-endpoint";

export type Caller = { kind: "client"; clientId: string; clientName: string } | { kind: "api-token"; actor: Actor };

const tokenKey = (token: string) => createHash("sha256").update(token).digest("base64");

/** An API token ("Authorization: Bearer pmt_api_…"), trusted for a few seconds after its hash was checked (read by raw SQL off the event loop: svc.apiTokens). */
export async function apiTokenActor(svc: TokenService, token: string): Promise<Actor | null> {
  return (await svc.verified.apiTokens.load(tokenKey(token), () => verifyApiTokenWith(svc.apiTokens, token)))?.actor ?? null;
}

/** The same, when it is cached (no promise); undefined when it must be verified. */
export function apiTokenActorNow(svc: TokenService, token: string): Actor | null | undefined {
  const v = svc.verified.apiTokens.peek(tokenKey(token), () => verifyApiTokenWith(svc.apiTokens, token));
  return v === undefined ? undefined : (v?.actor ?? null);
}

/** Who calls introspection or revocation: an authenticated client, or an API token. */
export async function endpointCaller(svc: TokenService, authorization: string | undefined, form: URLSearchParams): Promise<Caller> {
  if (authorization && /^bearer /i.test(authorization)) {
    const actor = await apiTokenActor(svc, authorization.slice(7).trim());
    if (!actor) throw new OAuthError("invalid_client", "the API token is not valid", { headers: { "www-authenticate": 'Bearer realm="perimeter", error="invalid_token"' } });
    return { kind: "api-token", actor };
  }
  const presented = presentedClient(authorization, form);
  if (!presented) throw invalidClient("authenticate as a client (client_secret_basic, client_secret_post, private_key_jwt) or send an API token", true);
  const auth = await authenticateClient(svc, presented, { cache: true });
  return { kind: "client", clientId: auth.clientId, clientName: auth.clientName };
}

export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id: string;
      token_type: "Bearer";
      exp: number;
      iat: number;
      sub: string;
      aud: string[];
      iss: string;
      jti: string;
      profile_id: string;
      profile_name: string;
      profile_version: number;
    };

export async function introspect(svc: TokenService, authorization: string | undefined, form: URLSearchParams): Promise<IntrospectionResponse> {
  await endpointCaller(svc, authorization, form);
  const token = form.get("token");
  if (!token) throw new OAuthError("invalid_request", "token is required");
  const r = await inspectAccessToken(svc, token);
  if (!r.active) return { active: false };
  const c = r.claims;
  return {
    active: true,
    scope: c.scope,
    client_id: c.client_id,
    token_type: "Bearer",
    exp: c.exp,
    iat: c.iat,
    sub: c.sub,
    aud: c.aud,
    iss: c.iss,
    jti: c.jti,
    profile_id: c.profile_id,
    profile_name: c.profile_name,
    profile_version: c.profile_version,
  };
}

/** RFC 7009: 200 whether or not the token was known; a client may revoke only its own tokens. */
export async function revoke(svc: TokenService, authorization: string | undefined, form: URLSearchParams): Promise<void> {
  const caller = await endpointCaller(svc, authorization, form);
  const token = form.get("token");
  if (!token) throw new OAuthError("invalid_request", "token is required");
  // RFC 7009 §2.1: the hint only orders the search; a token not found under it is looked up as
  // every other type (Perimeter has one: access tokens), so a wrong or unknown hint still revokes
  const claims = await verifyAccessToken(svc, token);
  if (typeof claims === "string") return; // unknown or expired: nothing to revoke
  if (caller.kind === "client" && caller.clientName !== claims.client_id) {
    throw new OAuthError("unauthorized_client", "the token was issued to another client");
  }
  if (caller.kind === "api-token" && caller.actor.role === "viewer") {
    throw new OAuthError("unauthorized_client", "a read-only API token may not revoke tokens");
  }
  const actor = caller.kind === "client" ? { id: null, label: `client:${caller.clientName}` } : { id: caller.actor.id, label: caller.actor.label };
  const rows = await revokeTokens(svc.db, { jti: claims.jti }, { actor, reason: "revocation request (RFC 7009)", target: { type: "token", id: claims.jti, name: `${claims.client_id}/${claims.jti}` } });
  for (const r of rows) svc.revocations.add(r.jti, r.expiresAt.getTime());
  svc.revocations.add(claims.jti, claims.exp * 1000);
}

export function metadata(svc: TokenService) {
  const base = svc.issuer;
  const authMethods = ["client_secret_basic", "client_secret_post", "private_key_jwt"];
  return {
    issuer: base,
    token_endpoint: `${base}/oauth/token`,
    jwks_uri: `${base}/oauth/jwks`,
    introspection_endpoint: `${base}/oauth/introspect`,
    revocation_endpoint: `${base}/oauth/revoke`,
    grant_types_supported: grantTypes,
    response_types_supported: [] as string[],
    token_endpoint_auth_methods_supported: authMethods,
    token_endpoint_auth_signing_alg_values_supported: assertionAlgs,
    introspection_endpoint_auth_methods_supported: [...authMethods, "bearer"],
    revocation_endpoint_auth_methods_supported: [...authMethods, "bearer"],
    introspection_endpoint_auth_signing_alg_values_supported: assertionAlgs,
    revocation_endpoint_auth_signing_alg_values_supported: assertionAlgs,
    access_token_signing_alg_values_supported: [SIGNING_ALG],
    service_documentation: `${base}/api/v1/openapi.json`,
    // Perimeter's decision API (not part of RFC 8414)
    decision_endpoint: `${base}/api/v1/decisions`,
  };
}
