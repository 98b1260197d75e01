// Client authentication at the token, introspection and revocation
// endpoints: client_secret_basic, client_secret_post (RFC 6749 §2.3.1) and
// private_key_jwt (RFC 7523 §2.2, OIDC Core §9). Secrets are Perimeter
// credentials ("pmt_sec_…" or a provisioning key "pmt_key_…"), verified on
// every request against their keyed hash (../crypto/secrets.ts: microseconds;
// an older argon2id hash is verified once and replaced; a keep-alive
// connection presenting the secret it verified before skips the HMAC:
// ./connection-memo.ts); the credential rows
// come from an in-memory index by prefix that the "credentials" signal
// clears (svc.credentials), so no request waits for the database to
// authenticate. The client_id is the client's name (or id).
import { createHash } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import { checkKeyedHash, prefixOf, verifyMachineSecret } from "../crypto/secrets";
import { currentConnection } from "../ops/request-context";
import { unstorable } from "../validation/text";
import { assertionAlgs } from "./client-keys";
import { rememberVerified, verifiedBefore } from "./connection-memo";
import { invalidClient, OAuthError } from "./errors";
import type { CredentialRow } from "./journal-store";
import type { TokenService, VerifiedClient } from "./service";

export const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export type ClientAuthMethod = "client_secret_basic" | "client_secret_post" | "private_key_jwt";
export type AuthenticatedClient = { clientId: string; clientName: string; method: ClientAuthMethod; credentialId: string };

type Presented =
  | { method: "client_secret_basic" | "client_secret_post"; clientId: string; secret: string }
  | { method: "private_key_jwt"; clientId: string | null; assertion: string };

const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));

/** What the request presents, without verifying it (null: no client authentication). */
export function presentedClient(authorization: string | undefined, form: URLSearchParams): Presented | null {
  const methods: Presented[] = [];
  if (authorization && /^basic /i.test(authorization)) {
    const raw = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = raw.indexOf(":");
    if (colon < 0) throw invalidClient("the Basic credentials must be client_id:client_secret", true);
    try {
      methods.push({ method: "client_secret_basic", clientId: formDecode(raw.slice(0, colon)), secret: formDecode(raw.slice(colon + 1)) });
    } catch {
      throw invalidClient("the Basic credentials are not form-encoded", true);
    }
  }
  const secret = form.get("client_secret");
  if (secret !== null) methods.push({ method: "client_secret_post", clientId: form.get("client_id") ?? "", secret });
  const assertion = form.get("client_assertion");
  if (assertion !== null) {
    if (form.get("client_assertion_type") !== JWT_BEARER_ASSERTION) {
      throw new OAuthError("invalid_request", `client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
    }
    methods.push({ method: "private_key_jwt", clientId: form.get("client_id"), assertion });
  }
  if (methods.length > 1) throw new OAuthError("invalid_request", "use exactly one client authentication method");
  const m = methods[0];
  // the Authorization header's parts are parameters too: refuse what the database cannot store
  if (m?.method === "client_secret_basic") {
    for (const [name, value] of [["client_id", m.clientId], ["client_secret", m.secret]] as const) {
      const why = unstorable(value);
      if (why) throw new OAuthError("invalid_request", `${name} (Authorization header) ${why}`);
    }
  }
  const formId = form.get("client_id");
  if (methods[0]?.method === "client_secret_basic" && formId !== null && formId !== methods[0].clientId) {
    throw invalidClient("client_id differs from the client in the Authorization header", true);
  }
  return methods[0] ?? null;
}

async function clientRow(svc: TokenService, clientId: string) {
  return svc.db.client.findFirst({ where: { OR: [{ name: clientId }, { id: clientId }] }, select: { id: true, name: true, status: true } });
}

function checkClient(c: { name: string; status: string } | null, basic: boolean): asserts c is { id: string; name: string; status: string } {
  if (!c) throw invalidClient("client authentication failed", basic);
  if (c.status !== "active") throw invalidClient(`client ${c.name} is ${c.status}`, basic);
}

/** A credential row as the index keeps it. */
export type CredentialEntry = CredentialRow;

/**
 * The credential row of a secret's prefix, from the index: at once when the
 * index holds it fresh (no promise on the hot path), else from the database;
 * null when there is none.
 */
function credentialRow(svc: TokenService, prefix: string, now: number): CredentialEntry | null | Promise<CredentialEntry | null> {
  const fromDatabase = () => svc.store.credentialByPrefix(prefix);
  const fresh = svc.credentials.peek(prefix, fromDatabase, now);
  return fresh !== undefined ? fresh : svc.credentials.load(prefix, fromDatabase, now);
}

/** Looks the secret's credential up by its prefix and verifies its hash; null when it does not authenticate. */
async function verifyCredential(svc: TokenService, secret: string): Promise<VerifiedClient | null> {
  const prefix = prefixOf(secret);
  if (!prefix || prefix.startsWith("pmt_api_")) return null;
  const now = Date.now();
  const row = credentialRow(svc, prefix, now);
  const cred = row instanceof Promise ? await row : row;
  if (!cred || !cred.hash || cred.revokedAt !== null || (cred.expiresAt !== null && cred.expiresAt <= now)) return null;
  const key = svc.machineKey;
  const connection = currentConnection();
  let ok: boolean | null;
  if (connection && key && verifiedBefore(connection, secret, cred.hash, key.id)) ok = true;
  else {
    ok = checkKeyedHash(secret, cred.hash, key);
    if (ok && connection && key) rememberVerified(connection, secret, cred.hash, key.id);
  }
  if (ok === null) {
    // a legacy argon2id hash: verified once, then stored as a keyed hash
    const check = await verifyMachineSecret(secret, cred.hash, key);
    ok = check.ok;
    if (check.upgrade) {
      await svc.upgradeCredentialHash(cred.id, cred.hash, check.upgrade);
      cred.hash = check.upgrade;
    }
  }
  if (!ok) return null;
  svc.credentialUse.set(cred.id, now);
  return { clientId: cred.client.id, clientName: cred.client.name, clientStatus: cred.client.status, credentialId: cred.id, expiresAt: cred.expiresAt };
}

async function bySecret(svc: TokenService, p: Extract<Presented, { secret: string }>, opts: { cache: boolean }): Promise<AuthenticatedClient> {
  const basic = p.method === "client_secret_basic";
  const v = await verifyCredential(svc, p.secret);
  if (!v || (p.clientId !== v.clientName && p.clientId !== v.clientId)) throw invalidClient("client authentication failed", basic);
  // The verification's status is current: a status change clears the cache on every instance
  // (./credential-changes.ts). An active one is also checked against the read model, in case a
  // signal was missed; a client missing from it, or not active in it, may just be newer than it:
  // confirm with a fresh one.
  let status = v.clientStatus;
  if (opts.cache && status === "active") {
    let c = (await svc.readModel()).clients.get(v.clientId);
    if (c?.status !== "active") c = (await svc.readModel(true)).clients.get(v.clientId);
    status = c?.status ?? "deleted";
  }
  checkClient({ name: v.clientName, status }, basic);
  return { clientId: v.clientId, clientName: v.clientName, method: p.method, credentialId: v.credentialId };
}

const ASSERTION_MAX_AGE_MS = 10 * 60_000;

/**
 * Remembers a used assertion here and in the database, whose primary key
 * refuses it on every other instance too (RFC 7523 §3: a jti is used once).
 */
async function recordAssertion(svc: TokenService, jti: string, until: number): Promise<void> {
  if (svc.assertionJtis.has(jti)) throw invalidClient("the client assertion was already used", false);
  try {
    // a digest as the key: a jti is the client's choice of string, of any length
    await svc.db.usedAssertion.create({ data: { id: createHash("sha256").update(jti).digest("base64url"), expiresAt: new Date(until) } });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw invalidClient("the client assertion was already used", false);
    throw e;
  }
  svc.assertionJtis.set(jti, until);
}

async function byAssertion(svc: TokenService, p: Extract<Presented, { assertion: string }>): Promise<AuthenticatedClient> {
  const fail = (why = "client authentication failed") => invalidClient(why, false);
  let sub: string | undefined;
  let kid: string | undefined;
  try {
    const claims = decodeJwt(p.assertion);
    sub = typeof claims.sub === "string" ? claims.sub : undefined;
    kid = decodeProtectedHeader(p.assertion).kid;
  } catch {
    throw fail("client_assertion is not a JWT");
  }
  if (!sub || (p.clientId && p.clientId !== sub)) throw fail("the client assertion's sub must be the client_id");
  const badSub = unstorable(sub);
  if (badSub) throw new OAuthError("invalid_request", `client_assertion: its sub claim ${badSub}`);
  const client = await clientRow(svc, sub);
  checkClient(client, false);
  const now = new Date();
  const keys = await svc.db.credential.findMany({
    where: { clientId: client.id, kind: "public_key", revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    select: { id: true, publicJwk: true },
  });
  let verified: { jti: string; until: number; credentialId: string } | null = null;
  for (const k of keys) {
    if (!k.publicJwk) continue;
    const jwk = JSON.parse(k.publicJwk) as JWK;
    if (kid && jwk.kid && kid !== jwk.kid) continue;
    try {
      const { payload } = await jwtVerify(p.assertion, await importJWK(jwk, jwk.alg), {
        issuer: sub,
        subject: sub,
        audience: [svc.tokenEndpoint, svc.issuer],
        algorithms: assertionAlgs,
        requiredClaims: ["exp", "jti"],
        maxTokenAge: ASSERTION_MAX_AGE_MS / 1000,
      });
      const jti = `${client.id}:${String(payload.jti)}`;
      // acceptable until exp, and at most ASSERTION_MAX_AGE_MS after iat
      const until = Math.min((payload.exp ?? 0) * 1000, ((payload.iat ?? payload.exp ?? 0) * 1000) + ASSERTION_MAX_AGE_MS);
      verified = { jti, until, credentialId: k.id };
      break;
    } catch (e) {
      if (e instanceof OAuthError) throw e;
      // not signed by this key: try the next one
    }
  }
  if (!verified) throw fail();
  // outside the key loop: a database failure here is a server error, not bad credentials
  await recordAssertion(svc, verified.jti, verified.until);
  svc.credentialUse.set(verified.credentialId, now.getTime());
  return { clientId: client.id, clientName: client.name, method: "private_key_jwt", credentialId: verified.credentialId };
}

/**
 * Verifies the presented client authentication (the hash, every time).
 * `cache`: the client's status is also checked against the read model
 * (introspection, revocation); the token endpoint checks it there itself.
 */
export async function authenticateClient(svc: TokenService, p: Presented, opts: { cache: boolean }): Promise<AuthenticatedClient> {
  return p.method === "private_key_jwt" ? byAssertion(svc, p) : bySecret(svc, p, opts);
}
