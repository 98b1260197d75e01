// POST /oauth/token: client_credentials (RFC 6749 §4.4) and token exchange
// (RFC 8693) of a trusted OIDC issuer's JWT, both yielding an RFC 9068 access
// token bound to one profile version. Scope is never widened (a scope outside
// the profile is invalid_scope), resource indicators (RFC 8707) narrow the
// audience, and the lifetime never exceeds the profile's maximum.
import { decodeJwt, jwtVerify } from "jose";
import type { SnapshotClient, SnapshotProfile } from "../access/snapshot";
import { issueAccessToken, type Issued } from "./access-tokens";
import { ruleMatches, sameIssuer } from "./claims";
import { authenticateClient, presentedClient, type AuthenticatedClient } from "./client-auth";
import { assertionAlgs } from "./client-keys";
import { OAuthError, rateLimited } from "./errors";
import { boundProfiles, heldScopes, heldUntil, indexOf, type ModelIndex } from "./model-index";
import { parseScopeParam, ScopeError, selectScopes, type Selection } from "./scopes";
import type { TokenService } from "./service";
import { addressBucket } from "../rate-limit/client-address";
import { unstorable } from "../validation/text";
import { metrics } from "../ops/metrics";

export const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
export const TOKEN_TYPE_JWT = "urn:ietf:params:oauth:token-type:jwt";
export const TOKEN_TYPE_ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
export const TOKEN_TYPE_ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
export const grantTypes = ["client_credentials", TOKEN_EXCHANGE];

export type TokenResponse = {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  issued_token_type?: string;
};

/** `address`: the client's address (the socket's, or X-Forwarded-For's behind a trusted proxy: ../rate-limit). */
/** `seen.client`: the client the request turned out to act for, once known (metrics label it so) */
export type TokenRequest = { form: URLSearchParams; authorization: string | undefined; address: string; seen?: { client: string | null } };

/** A parameter that may appear at most once (RFC 6749 §3.2). */
function single(form: URLSearchParams, name: string): string | null {
  const all = form.getAll(name);
  if (all.length > 1) throw new OAuthError("invalid_request", `${name} must not be repeated`);
  return all[0] ?? null;
}

function requestedLifetime(form: URLSearchParams): number | null {
  const raw = single(form, "expires_in");
  if (raw === null) return null;
  const n = Number(raw);
  // 2 at least: exp counts whole seconds from the second of issue, so a 1 s token would be handed out with less than a second left
  if (!Number.isInteger(n) || n < 2) throw new OAuthError("invalid_request", "expires_in must be a whole number of seconds, at least 2");
  return n;
}

/** RFC 8707 resource indicators (and RFC 8693 audience, treated alike). */
function resources(form: URLSearchParams): string[] | null {
  const all = [...form.getAll("resource"), ...form.getAll("audience")].filter(Boolean);
  return all.length ? all : null;
}

type Candidate = { profile: SnapshotProfile; notAfter: number | null };

/** The first candidate profile (in order) that can give the requested scope; the first error otherwise. */
function choose(ix: ModelIndex, candidates: Candidate[], scope: string[] | null, targets: string[] | null, what: string): { pick: Candidate; selection: Selection } {
  let first: ScopeError | null = null;
  for (const c of candidates) {
    try {
      return { pick: c, selection: selectScopes(heldScopes(ix, c.profile), scope, targets) };
    } catch (e) {
      if (!(e instanceof ScopeError)) throw e;
      first ??= e;
    }
  }
  if (candidates.length > 1 && first?.error === "invalid_scope") {
    throw new OAuthError("invalid_scope", `no profile ${what} holds the requested scope (${scope?.join(" ") ?? "none requested"})`);
  }
  throw new OAuthError(first?.error ?? "invalid_scope", first?.description ?? "no profile");
}

async function clientCredentials(svc: TokenService, req: TokenRequest, auth: AuthenticatedClient, fresh: boolean): Promise<TokenResponse> {
  const scope = parseScopeParam(single(req.form, "scope"));
  const targets = resources(req.form);
  const wanted = single(req.form, "profile");
  const model = await svc.readModel(fresh);
  const ix = indexOf(model);
  const client = model.clients.get(auth.clientId);
  if (!client || client.status !== "active") throw new OAuthError("invalid_client", `client ${auth.clientName} is not active`);
  const now = Date.now();
  let profiles = boundProfiles(ix, client, now);
  if (wanted) profiles = profiles.filter((p) => p.name === wanted || p.id === wanted);
  if (profiles.length === 0) {
    throw new OAuthError("invalid_scope", wanted ? `client ${client.name} does not hold profile ${wanted}` : `client ${client.name} holds no profile`);
  }
  if (!scope && !targets && profiles.length > 1) {
    throw new OAuthError("invalid_scope", `client ${client.name} holds several profiles (${profiles.map((p) => p.name).join(", ")}): request a scope, or name one with the profile parameter`);
  }
  const candidates = profiles.map((profile) => ({ profile, notAfter: heldUntil(ix, client.id, profile.id, now, "binding") ?? null }));
  const { pick, selection } = choose(ix, candidates, scope, targets, `bound to ${client.name}`);
  const issued = await issueAccessToken(svc, {
    client,
    profile: pick.profile,
    selection,
    requestedLifetime: requestedLifetime(req.form),
    notAfter: pick.notAfter,
    grant: "client_credentials",
    via: auth.method,
  });
  return response(issued);
}

async function tokenExchange(svc: TokenService, req: TokenRequest, auth: AuthenticatedClient | null, fresh: boolean): Promise<TokenResponse> {
  const subjectToken = single(req.form, "subject_token");
  const subjectType = single(req.form, "subject_token_type");
  if (!subjectToken) throw new OAuthError("invalid_request", "subject_token is required");
  if (!subjectType) throw new OAuthError("invalid_request", "subject_token_type is required");
  if (subjectType !== TOKEN_TYPE_JWT && subjectType !== TOKEN_TYPE_ID_TOKEN) {
    throw new OAuthError("invalid_request", `subject_token_type must be ${TOKEN_TYPE_JWT} or ${TOKEN_TYPE_ID_TOKEN}`);
  }
  if (single(req.form, "actor_token")) throw new OAuthError("invalid_request", "actor_token (delegation) is not supported");
  const requestedType = single(req.form, "requested_token_type");
  if (requestedType && requestedType !== TOKEN_TYPE_ACCESS_TOKEN && requestedType !== TOKEN_TYPE_JWT) {
    throw new OAuthError("invalid_request", `requested_token_type must be ${TOKEN_TYPE_ACCESS_TOKEN}`);
  }
  const scope = parseScopeParam(single(req.form, "scope"));
  const targets = resources(req.form);

  let iss: string | undefined;
  try {
    iss = decodeJwt(subjectToken).iss;
  } catch {
    throw new OAuthError("invalid_grant", "subject_token is not a JWT");
  }
  if (!iss) throw new OAuthError("invalid_grant", "subject_token has no iss claim");
  const issuer = await svc.issuers.get(iss);
  if (!issuer) throw new OAuthError("invalid_grant", `the issuer ${iss} is not trusted`);
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(subjectToken, issuer.getKey, { issuer: [issuer.issuer, `${issuer.issuer}/`], audience: issuer.audience, algorithms: assertionAlgs, requiredClaims: ["exp"] }));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new OAuthError("invalid_grant", code === "ERR_JWT_EXPIRED" ? "subject_token has expired" : `subject_token could not be verified (${code ?? "invalid"})`);
  }

  const model = await svc.readModel(fresh);
  const ix = indexOf(model);
  const now = Date.now();
  const rules = model.snapshot.claimRules
    .filter((r) => r.clientId && sameIssuer(r.issuer, issuer.issuer) && (!auth || r.clientId === auth.clientId) && ruleMatches(r.conditions, claims))
    // the most specific rule first
    .sort((a, b) => Object.keys(b.conditions).length - Object.keys(a.conditions).length || (a.name < b.name ? -1 : 1));
  if (rules.length === 0) throw new OAuthError("invalid_grant", `no claim rule for ${issuer.issuer} matches the token's claims`);
  const usable: (Candidate & { client: SnapshotClient; rule: string })[] = [];
  for (const r of rules) {
    const client = model.clients.get(r.clientId!);
    const notAfter = client?.status === "active" ? heldUntil(ix, client.id, r.profileId, now, "claimRule") : undefined;
    if (client && notAfter !== undefined) usable.push({ profile: model.profiles.get(r.profileId)!, notAfter, client, rule: r.name });
  }
  if (usable.length === 0) throw new OAuthError("invalid_grant", "the matching claim rules' clients are not active or their profiles have expired");
  const { pick, selection } = choose(ix, usable, scope, targets, "of the matching claim rules");
  const chosen = usable.find((u) => u === pick)!;
  const subject = typeof claims.sub === "string" ? claims.sub : undefined;
  // the subject is recorded in the token.issued event: refuse what the database cannot store
  const badSubject = subject === undefined ? null : unstorable(subject);
  if (badSubject) throw new OAuthError("invalid_grant", `the subject_token's sub claim ${badSubject}`);
  if (req.seen) req.seen.client = chosen.client.name;
  const issued = await issueAccessToken(svc, {
    client: chosen.client,
    profile: pick.profile,
    selection,
    requestedLifetime: requestedLifetime(req.form),
    notAfter: pick.notAfter,
    subject,
    srcIss: issuer.issuer,
    grant: "token-exchange",
    via: `claim rule ${chosen.rule}`,
  });
  return { ...response(issued), issued_token_type: TOKEN_TYPE_ACCESS_TOKEN };
}

function response(i: Issued): TokenResponse {
  return { access_token: i.accessToken, token_type: "Bearer", expires_in: i.expiresIn, scope: i.scope };
}

async function limitClient(svc: TokenService, auth: AuthenticatedClient | null) {
  // after authentication, so nobody can spend another client's budget
  const wait = auth ? await svc.limits.client.take(auth.clientId) : 0;
  if (wait) throw rateLimited(wait, "client");
}

/** Handles one token request; throws OAuthError for every RFC error. Counted in the metrics by client and outcome. */
export async function handleTokenRequest(svc: TokenService, req: TokenRequest): Promise<TokenResponse> {
  const seen = req.seen ?? { client: null };
  try {
    const body = await tokenRequest(svc, { ...req, seen });
    metrics().tokensIssued.inc({ client: seen.client ?? "unknown" });
    return body;
  } catch (e) {
    metrics().tokensRefused.inc({ client: seen.client ?? "unauthenticated", reason: e instanceof OAuthError ? e.error : "server_error" });
    throw e;
  }
}

async function tokenRequest(svc: TokenService, req: TokenRequest & { seen: { client: string | null } }): Promise<TokenResponse> {
  // per address first, before anything that costs (argon2, signatures)
  const byAddress = await svc.limits.address.take(addressBucket(req.address));
  if (byAddress) throw rateLimited(byAddress, "address");
  const grant = single(req.form, "grant_type");
  if (!grant) throw new OAuthError("invalid_request", "grant_type is required");
  if (!grantTypes.includes(grant)) throw new OAuthError("unsupported_grant_type", `grant_type ${grant} is not supported (use client_credentials or ${TOKEN_EXCHANGE})`);
  const presented = presentedClient(req.authorization, req.form);
  if (grant === "client_credentials") {
    if (!presented) throw new OAuthError("invalid_client", "client_credentials needs client authentication (client_secret_basic, client_secret_post or private_key_jwt)");
    const auth = await authenticateClient(svc, presented, { cache: false });
    req.seen.client = auth.clientName;
    await limitClient(svc, auth);
    return confirmed((fresh) => clientCredentials(svc, req, auth, fresh));
  }
  const auth = presented ? await authenticateClient(svc, presented, { cache: false }) : null;
  if (auth) req.seen.client = auth.clientName;
  await limitClient(svc, auth);
  return confirmed((fresh) => tokenExchange(svc, req, auth, fresh));
}

const fromCatalog = new Set(["invalid_client", "invalid_scope", "invalid_target", "invalid_grant"]);

/** A refusal that comes from the catalog is confirmed against its current version (a change applied a moment ago). */
async function confirmed<T>(fn: (fresh: boolean) => Promise<T>): Promise<T> {
  try {
    return await fn(false);
  } catch (e) {
    if (e instanceof OAuthError && fromCatalog.has(e.error)) return fn(true);
    throw e;
  }
}
