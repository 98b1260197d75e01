// Access tokens: JWTs per RFC 9068 ("typ": "at+jwt"), bound to exactly one
// profile version, recorded in the Token table. Inspection answers whether a
// token is active now: a valid signature by a published key, not expired,
// not revoked, and still within what its client holds — a later version of
// the profile that narrowed it (fewer scopes, a shorter max lifetime), an
// expired profile or binding, or a suspended client make it inactive.
import { newTokenId } from "../crypto/token-id";
import { isoTime } from "../iso-time";
import { jwtVerify, type JWTHeaderParameters } from "jose";
import type { ReadModel } from "../access/read-model";
import type { SnapshotClient, SnapshotProfile } from "../access/snapshot";
import { metrics } from "../ops/metrics";
import { OAuthError } from "./errors";
import { JournalBusy, JournalUnavailable } from "./journal";
import { signJwt } from "./jwt-sign";
import { SIGNING_ALG } from "./key-store";
import { heldUntil, indexOf } from "./model-index";
import type { Selection } from "./scopes";
import type { TokenService } from "./service";

export type AccessClaims = {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  scope: string;
  profile_id: string;
  profile_name: string;
  profile_version: number;
  /** token exchange: the trusted issuer whose token was exchanged */
  src_iss?: string;
};

/** expiresIn: whole seconds the token has left when it is handed out (never more than its exp allows) */
export type Issued = { accessToken: string; expiresIn: number; scope: string; claims: AccessClaims };

export async function issueAccessToken(
  svc: TokenService,
  p: { client: SnapshotClient; profile: SnapshotProfile; selection: Selection; requestedLifetime: number | null; notAfter: number | null; subject?: string; srcIss?: string; grant: string; via: string },
): Promise<Issued> {
  const key = svc.keys.signingKey();
  if (!key) throw new OAuthError("temporarily_unavailable", `tokens cannot be signed now: ${svc.keys.signingError ?? "no signing key"}`);
  const nowMs = Date.now();
  const iat = Math.floor(nowMs / 1000);
  let lifetime = Math.min(p.profile.maxTokenLifetimeSeconds, p.requestedLifetime ?? Infinity);
  // never beyond the profile's or the binding's own expiry
  if (p.notAfter !== null) lifetime = Math.min(lifetime, Math.floor((p.notAfter - nowMs) / 1000));
  // exp counts whole seconds from the floored iat: under 2, the token could be handed out with nothing left
  if (lifetime < 2) throw new OAuthError("invalid_grant", "the client's grant of this profile ends within two seconds");
  const claims: AccessClaims = {
    iss: svc.issuer,
    sub: p.subject ?? p.client.name,
    aud: p.selection.audience,
    exp: iat + lifetime,
    iat,
    jti: newTokenId(),
    client_id: p.client.name,
    scope: p.selection.scopes.map((s) => s.name).join(" "),
    profile_id: p.profile.id,
    profile_name: p.profile.name,
    profile_version: p.profile.version,
    ...(p.srcIss ? { src_iss: p.srcIss } : {}),
  };
  // signed (the signing threads, ./jwt-sign.ts) while its Token row and token.issued event are committed (group
  // commit, ./journal.ts); handed out only once both are done. A signature that fails after the
  // record committed leaves a record of a token nobody holds: harmless, and the request fails.
  const started = performance.now();
  const stage = metrics().tokenStage;
  const timed = <T>(p: Promise<T>, name: "sign" | "record") => p.then((v) => (stage.observe({ stage: name }, (performance.now() - started) / 1000), v));
  const record = recorded(
    svc.journal.write(
      { id: null, label: `client:${p.client.name}` },
      {
        action: "token.issued",
        targetType: "client",
        targetId: p.client.id,
        targetName: p.client.name,
        after: { jti: claims.jti, grant: p.grant, via: p.via, profile: p.profile.name, profileVersion: p.profile.version, scope: claims.scope, exp: isoTime(claims.exp * 1000), ...(p.subject ? { subject: p.subject } : {}) },
      },
      {
        at: new Date(nowMs),
        token: {
          jti: claims.jti,
          clientId: p.client.id,
          profileId: p.profile.id,
          profileVersion: p.profile.version,
          scope: claims.scope,
          audience: claims.aud.join(" "),
          issuedAt: new Date(iat * 1000),
          expiresAt: new Date(claims.exp * 1000),
        },
      },
    ),
  );
  const [accessToken] = await Promise.all([timed(signJwt(key, claims), "sign"), timed(record, "record")]);
  const expiresIn = secondsLeft(claims.exp, Date.now());
  // recorded, but answered too late to be of use (a record of a token nobody holds is harmless)
  if (expiresIn < 1) throw new OAuthError("temporarily_unavailable", "the token would have had less than a second left when answered; retry", { headers: { "retry-after": "1" } });
  return { accessToken, expiresIn, scope: claims.scope, claims };
}

/**
 * expires_in (RFC 6749 §5.1) as the time the token really has left: exp counts
 * whole seconds from the second of issue (iat is floored), so a 900 s token
 * answered 0.4 s into its second of issue has 899.6 s left and says 899. A client
 * that adds expires_in to its clock never holds a token past its exp.
 */
export function secondsLeft(exp: number, nowMs: number): number {
  return Math.max(0, Math.floor((exp * 1000 - nowMs) / 1000));
}

/** Waits for the durable record; a writer that cannot keep up or reach the database is a 503, never a token handed out unrecorded. */
export async function recorded(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (e) {
    if (e instanceof JournalBusy) {
      throw new OAuthError("temporarily_unavailable", "the token service is busy recording tokens; retry shortly", { headers: { "retry-after": String(e.retryAfterSeconds) } });
    }
    if (e instanceof JournalUnavailable) throw new OAuthError("temporarily_unavailable", "the token could not be recorded now; retry shortly", { headers: { "retry-after": "1" } });
    throw new OAuthError("server_error", "the token could not be recorded");
  }
}

export type Inspection =
  | { active: true; claims: AccessClaims; scopes: string[]; client: SnapshotClient; profile: SnapshotProfile }
  | { active: false; reason: string; claims?: AccessClaims };

const required = ["jti", "exp", "iat", "sub", "client_id", "scope", "profile_id", "profile_version"];

/**
 * Tokens whose signature jose verified: a resource server introspects the
 * same token again and again, and the signature of an identical string cannot
 * change. Kept by the token's last 24 characters (~140 bits of its signature:
 * hashing an 800-character key on every lookup cost more than the rest of
 * the lookup), and a hit counts only when the whole string is identical.
 * Expiry is checked on every use; revocation and the catalog checks run on
 * every inspection regardless.
 */
export async function verifyAccessToken(svc: TokenService, token: string): Promise<AccessClaims | string> {
  const verified = svc.verified.tokens;
  const key = token.slice(-24);
  const hit = verified.get(key);
  if (hit && hit.token === token) {
    if (hit.claims.exp * 1000 > Date.now()) return hit.claims;
    verified.delete(key);
    return "the token has expired";
  }
  const claims = await verifySignature(svc, token);
  if (typeof claims !== "string") {
    if (verified.size >= 20_000) verified.clear();
    verified.set(key, { token, claims });
  }
  return claims;
}

async function verifySignature(svc: TokenService, token: string): Promise<AccessClaims | string> {
  try {
    const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => svc.keys.verificationKey(header.kid).then((k) => k ?? Promise.reject(new Error("unknown key"))), {
      issuer: svc.issuer,
      typ: "at+jwt",
      algorithms: [SIGNING_ALG],
      requiredClaims: required,
    });
    return { ...payload, aud: Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [] } as AccessClaims;
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === "ERR_JWT_EXPIRED" ? "the token has expired" : "the token is not a valid Perimeter access token";
  }
}

/** Is the token active now, and if so with which client, profile and scopes? */
export async function inspectAccessToken(svc: TokenService, token: string): Promise<Inspection> {
  const claims = await verifyAccessToken(svc, token);
  if (typeof claims === "string") return { active: false, reason: claims };
  // the fence first: it also tells whether a revocation committed before this request arrived is still unread here
  const model = await svc.readModel();
  const unread = svc.revocationsFenced();
  if (unread) await unread;
  if (svc.revocations.has(claims.jti)) return { active: false, reason: "the token was revoked", claims };
  const first = await against(svc, claims, model);
  // an inactive answer from the catalog is confirmed against its current version
  return first.active ? first : against(svc, claims, await svc.readModel(true));
}

async function against(svc: TokenService, claims: AccessClaims, model: ReadModel): Promise<Inspection> {
  const now = Date.now();
  const profile = model.profiles.get(claims.profile_id);
  if (!profile) return { active: false, reason: "the token's profile no longer exists", claims };
  const ix = indexOf(model);
  const client = model.clientsByName.get(claims.client_id);
  if (!client) return { active: false, reason: "the token's client no longer exists", claims };
  if (client.status !== "active") return { active: false, reason: `client ${client.name} is ${client.status}`, claims };
  if (heldUntil(ix, client.id, profile.id, now) === undefined) {
    return { active: false, reason: `client ${client.name} no longer holds profile ${profile.name}`, claims };
  }
  const scopes = claims.scope.split(" ").filter(Boolean);
  if (profile.version !== claims.profile_version) {
    const held = ix.profileScopes.get(profile.id)!;
    for (const name of scopes) {
      const ref = ix.scopeByName.get(name);
      if (!ref || !held.has(ref.id)) {
        return { active: false, reason: `profile ${profile.name} version ${profile.version} no longer holds ${name} (the token has version ${claims.profile_version})`, claims };
      }
    }
    if (claims.exp - claims.iat > profile.maxTokenLifetimeSeconds) {
      return { active: false, reason: `profile ${profile.name} version ${profile.version} shortened the maximum token lifetime`, claims };
    }
  }
  return { active: true, claims, scopes, client, profile };
}
