// The token endpoint over real HTTP against the production build:
// client_credentials with client_secret_basic and client_secret_post, scope
// narrowing and its errors, lifetimes, introspection, revocation, profile
// narrowing, and rate limiting.
import { expect, test } from "@playwright/test";
import { createLocalJWKSet, jwtVerify } from "jose";
import {
  basic,
  boundClient,
  catalogFixture,
  claimsOf,
  clientCredentials,
  introspect,
  issued,
  lifetimeOf,
  oauthError,
  tokenRequest,
  type Fixture,
} from "./oauth";

test.describe.configure({ mode: "serial" });

let f: Fixture;
let client: { id: string; name: string; secret: string };

test.beforeAll(async ({ baseURL }) => {
  f = await catalogFixture(baseURL, "tok");
  client = await boundClient(f, "tok-svc");
});

test("client_credentials with client_secret_basic: an RFC 9068 JWT bound to the profile version, verifiable with the JWKS", async ({ request, baseURL }) => {
  const t = await clientCredentials(request, client);
  const { read, write } = { read: `${f.resource.ref}:read`, write: `${f.resource.ref}:write` };
  expect(t.scope.split(" ").sort()).toEqual([read, write]);
  expect(lifetimeOf(t)).toBe(900);

  const jwks = (await (await request.get("/oauth/jwks")).json()) as { keys: { kid: string }[] };
  const { payload, protectedHeader } = await jwtVerify(t.access_token, createLocalJWKSet(jwks as never), {
    issuer: baseURL!.replace(/\/$/, ""),
    audience: `urn:perimeter:resource:${f.resource.ref}`,
    typ: "at+jwt",
  });
  expect(protectedHeader.alg).toBe("RS256");
  expect(payload).toMatchObject({ client_id: client.name, sub: client.name, profile_id: f.profile.id, profile_name: f.profile.name, profile_version: 1 });
  expect(payload.jti).toEqual(expect.any(String));
  expect(payload.exp! - payload.iat!).toBe(900);
});

test("client_secret_post, a narrower scope, and a resource indicator narrowing the audience", async ({ request }) => {
  const t = await issued(
    await tokenRequest(request, { grant_type: "client_credentials", client_id: client.name, client_secret: client.secret, scope: `${f.resource.name}:read` }),
  );
  expect(t.scope).toBe(`${f.resource.ref}:read`);
  const byResource = await clientCredentials(request, client, { resource: `urn:perimeter:resource:${f.resource.ref}` });
  expect(claimsOf(byResource.access_token).aud).toEqual([`urn:perimeter:resource:${f.resource.ref}`]);
  // a shorter lifetime may be asked for; a longer one is capped at the profile's maximum
  expect(lifetimeOf(await clientCredentials(request, client, { expires_in: "120" }))).toBe(120);
  expect(lifetimeOf(await clientCredentials(request, client, { expires_in: "100000" }))).toBe(900);
});

test("bad client authentication is 401 invalid_client, with the Basic challenge when Basic was used", async ({ request }) => {
  const wrong = client.secret.slice(0, -4) + (client.secret.endsWith("AAAA") ? "BBBB" : "AAAA");
  const res = await tokenRequest(request, { grant_type: "client_credentials" }, basic(client.name, wrong));
  await oauthError(res, 401, "invalid_client");
  expect(res.headers()["www-authenticate"]).toContain("Basic");
  await oauthError(await tokenRequest(request, { grant_type: "client_credentials", client_id: "nobody", client_secret: client.secret }), 401, "invalid_client");
  await oauthError(await tokenRequest(request, { grant_type: "client_credentials" }), 401, "invalid_client");
  // a secret presented for another client id
  await oauthError(await tokenRequest(request, { grant_type: "client_credentials" }, basic("someone-else", client.secret)), 401, "invalid_client");
});

test("unsupported grants, missing parameters and wider scopes are RFC 6749 errors", async ({ request }) => {
  await oauthError(await tokenRequest(request, { grant_type: "password", username: "u", password: "p" }, basic(client.name, client.secret)), 400, "unsupported_grant_type");
  await oauthError(await tokenRequest(request, {}, basic(client.name, client.secret)), 400, "invalid_request");
  const wider = await oauthError(
    await tokenRequest(request, { grant_type: "client_credentials", scope: `${f.resource.ref}:read ${f.resource.ref}:admin` }, basic(client.name, client.secret)),
    400,
    "invalid_scope",
  );
  expect(wider.error_description).toContain(`${f.resource.ref}:admin`);
  await oauthError(await tokenRequest(request, { grant_type: "client_credentials", resource: "urn:perimeter:resource:prod/orders-db" }, basic(client.name, client.secret)), 400, "invalid_target");
  // form-encoded bodies only
  const json = await request.post("/oauth/token", { data: { grant_type: "client_credentials" }, headers: { authorization: basic(client.name, client.secret) } });
  await oauthError(json, 400, "invalid_request");
});

test("introspection: active with its claims, inactive after revocation (RFC 7009), unknown or without authentication", async ({ request }) => {
  const t = await clientCredentials(request, client);
  const active = await introspect(request, client, t.access_token);
  expect(active).toMatchObject({ active: true, client_id: client.name, scope: t.scope, profile_id: f.profile.id, profile_version: 1, token_type: "Bearer" });
  expect(active.exp).toEqual(expect.any(Number));

  // an API token may introspect too
  const viaApiToken = await f.reader.post("/oauth/introspect", { form: { token: t.access_token } });
  expect(await viaApiToken.json()).toMatchObject({ active: true });

  const revoked = await request.post("/oauth/revoke", { form: { token: t.access_token, token_type_hint: "access_token" }, headers: { authorization: basic(client.name, client.secret) } });
  expect(revoked.status()).toBe(200);
  expect(await introspect(request, client, t.access_token)).toEqual({ active: false });
  // revoking again, or revoking garbage, is still 200
  expect((await request.post("/oauth/revoke", { form: { token: t.access_token }, headers: { authorization: basic(client.name, client.secret) } })).status()).toBe(200);
  expect((await request.post("/oauth/revoke", { form: { token: "not-a-token" }, headers: { authorization: basic(client.name, client.secret) } })).status()).toBe(200);

  expect(await introspect(request, client, "eyJhbGciOiJub25lIn0.e30.")).toEqual({ active: false });
  await oauthError(await request.post("/oauth/introspect", { form: { token: t.access_token } }), 401, "invalid_client");
});

test("a client may not revoke another client's token", async ({ request }) => {
  const other = await boundClient(f, "tok-other");
  const t = await clientCredentials(request, client);
  await oauthError(await request.post("/oauth/revoke", { form: { token: t.access_token }, headers: { authorization: basic(other.name, other.secret) } }), 400, "unauthorized_client");
  expect(await introspect(request, client, t.access_token)).toMatchObject({ active: true });
});

test("an expired token is inactive", async ({ request }) => {
  // exp counts whole seconds from the second of issue (iat is floored, RFC 7519 NumericDate), so a
  // 1 s token can end a few milliseconds after its grant: 2 s leaves the first look at least a second
  const t = await clientCredentials(request, client, { expires_in: "2" });
  expect(lifetimeOf(t)).toBe(2);
  expect(await introspect(request, client, t.access_token)).toMatchObject({ active: true });
  await new Promise((r) => setTimeout(r, 3_100));
  expect(await introspect(request, client, t.access_token)).toEqual({ active: false });
});

test("narrowing the profile supersedes the tokens it narrowed: active:false; tokens still within it stay active", async ({ request }) => {
  const full = await clientCredentials(request, client);
  const readOnly = await clientCredentials(request, client, { scope: `${f.resource.ref}:read` });
  expect(claimsOf(full.access_token).profile_version).toBe(1);

  // a narrowing change through the write path (low risk in dev: applied at once)
  const res = await f.api.patch(`/api/v1/profiles/${f.profile.id}`, { data: { removeScopeIds: [f.scopes.write] } });
  expect(res.status(), await res.text()).toBe(200);

  await expect.poll(async () => (await introspect(request, client, full.access_token)).active, { timeout: 3_000 }).toBe(false);
  expect(await introspect(request, client, readOnly.access_token)).toMatchObject({ active: true, profile_version: 1 });
  // new tokens carry the new version and never the removed scope
  const after = await clientCredentials(request, client);
  expect(after.scope).toBe(`${f.resource.ref}:read`);
  expect(claimsOf(after.access_token).profile_version).toBe(2);
  await oauthError(await tokenRequest(request, { grant_type: "client_credentials", scope: `${f.resource.ref}:write` }, basic(client.name, client.secret)), 400, "invalid_scope");
});

test("the token endpoint rate-limits a client: 429 with Retry-After", async ({ request }) => {
  const busy = await boundClient(f, "tok-busy");
  const results = await Promise.all(Array.from({ length: 40 }, () => tokenRequest(request, { grant_type: "client_credentials" }, basic(busy.name, busy.secret))));
  const limited = results.filter((r) => r.status() === 429);
  expect(limited.length).toBeGreaterThan(0);
  expect(results.filter((r) => r.status() === 200).length).toBeGreaterThan(0);
  const r = limited[0]!;
  expect(Number(r.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(((await r.json()) as { error: string }).error).toBe("temporarily_unavailable");
});
