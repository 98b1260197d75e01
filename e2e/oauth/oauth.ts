// Helpers for the OAuth suite: a catalog fixture made through the REST API
// (every write a change request), and small clients for the token,
// introspection, revocation and decision endpoints. Request fixtures only.
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { uniqueName } from "../helpers";
import { adminSession, apiClient, mintToken, refs, written } from "../api/api";

export type Fixture = {
  admin: APIRequestContext;
  api: APIRequestContext;
  /** a read-only API token's client (decisions, introspection) */
  reader: APIRequestContext;
  resource: { id: string; name: string; ref: string };
  scopes: { read: string; write: string; admin: string };
  profile: { id: string; name: string };
  dev: string;
  platform: string;
};

export type TokenBody = { access_token: string; token_type: string; expires_in: number; scope: string; issued_token_type?: string };
export type ErrorBody = { error: string; error_description: string };

/** A resource with read/write/admin scopes in dev and a profile holding read + write (max lifetime 900 s). */
export async function catalogFixture(baseURL: string | undefined, label: string): Promise<Fixture> {
  const admin = await adminSession(baseURL);
  const api = await apiClient(baseURL, (await mintToken(admin, "write")).token);
  const reader = await apiClient(baseURL, (await mintToken(admin, "read")).token);
  const { dev, platform } = await refs(api);
  const name = uniqueName(`e2e-oa-${label}`);
  const res = await written(await api.post("/api/v1/resources", { data: { name, kind: "database", environmentId: dev, domainId: platform, criticality: "low" } }));
  const scopes = { read: "", write: "", admin: "" };
  for (const action of ["read", "write", "admin"] as const) {
    scopes[action] = (await written(await api.post("/api/v1/scopes", { data: { resourceId: res.result.id, action } }))).result.id;
  }
  const profileName = uniqueName(`e2e-oa-${label}-rw`);
  const profile = await written(
    await api.post("/api/v1/profiles", { data: { name: profileName, environmentId: dev, maxTokenLifetimeSeconds: 900, scopeIds: [scopes.read, scopes.write] } }),
  );
  return { admin, api, reader, resource: { id: res.result.id, name, ref: `dev/${name}` }, scopes, profile: { id: profile.result.id, name: profileName }, dev, platform };
}

/** A service client bound to the profile, with a client secret (shown once). */
export async function boundClient(f: Fixture, label: string, profileId = f.profile.id): Promise<{ id: string; name: string; secret: string }> {
  const name = uniqueName(`e2e-oa-${label}`);
  const client = await written(await f.api.post("/api/v1/clients", { data: { name, kind: "service" } }));
  await written(await f.api.post("/api/v1/bindings", { data: { clientId: client.result.id, profileId, reason: "e2e oauth" } }));
  const cred = await written(await f.api.post("/api/v1/credentials", { data: { clientId: client.result.id, kind: "secret", label: "e2e" } }));
  expect(cred.result.secret).toMatch(/^pmt_sec_[0-9a-f]{12}_/);
  return { id: client.result.id, name, secret: cred.result.secret! };
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

export function tokenRequest(http: APIRequestContext, form: Record<string, string>, authorization?: string): Promise<APIResponse> {
  return http.post("/oauth/token", { form, headers: authorization ? { authorization } : {} });
}

/**
 * A 200 token response. Given when the request was sent (epoch ms), it also
 * checks that expires_in never promises more than the token's exp: a client
 * adding it to its clock must not hold the token past its end.
 */
export async function issued(res: APIResponse, sentAt?: number): Promise<TokenBody> {
  expect(res.status(), await res.text()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  const body = (await res.json()) as TokenBody;
  expect(body.token_type).toBe("Bearer");
  expect(decodeProtectedHeader(body.access_token).typ).toBe("at+jwt");
  if (sentAt !== undefined) {
    expect(body.expires_in, "expires_in beyond the token's exp").toBeLessThanOrEqual(decodeJwt(body.access_token).exp! - sentAt / 1000);
    expect(body.expires_in, "a token handed out with nothing left").toBeGreaterThanOrEqual(1);
  }
  return body;
}

/** The lifetime the token was issued with (exp - iat), whatever part of its first second is gone. */
export const lifetimeOf = (t: TokenBody): number => {
  const { exp, iat } = decodeJwt(t.access_token);
  return exp! - iat!;
};

export async function clientCredentials(http: APIRequestContext, client: { name: string; secret: string }, extra: Record<string, string> = {}): Promise<TokenBody> {
  const sentAt = Date.now();
  return issued(await tokenRequest(http, { grant_type: "client_credentials", ...extra }, basic(client.name, client.secret)), sentAt);
}

/** An RFC 6749 §5.2 error: status, JSON body with error and error_description, no-store. */
export async function oauthError(res: APIResponse, status: number, error: string): Promise<ErrorBody> {
  expect(res.status(), await res.text()).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(res.headers()["cache-control"]).toBe("no-store");
  const body = (await res.json()) as ErrorBody;
  expect(body.error).toBe(error);
  expect(typeof body.error_description).toBe("string");
  return body;
}

export async function introspect(http: APIRequestContext, client: { name: string; secret: string }, token: string): Promise<Record<string, unknown>> {
  const res = await http.post("/oauth/introspect", { form: { token }, headers: { authorization: basic(client.name, client.secret) } });
  expect(res.status(), await res.text()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  return (await res.json()) as Record<string, unknown>;
}

/** Polls until `fn` holds (the other side of a signal may take a moment). */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let v = await fn();
  while (!ok(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    v = await fn();
  }
  return v;
}

export const claimsOf = (token: string) => decodeJwt(token) as Record<string, unknown> & { scope: string; aud: string[]; exp: number; iat: number; jti: string };
