// Metadata (RFC 8414), the JWKS, and signing-key rotation on demand: new
// tokens are signed with the new key, the old key stays published and its
// tokens still verify and introspect as active.
import { expect, test } from "@playwright/test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { problem } from "../api/api";
import { boundClient, catalogFixture, clientCredentials, eventually, introspect } from "./oauth";

test("authorization server metadata names every endpoint and method", async ({ request, baseURL }) => {
  const res = await request.get("/.well-known/oauth-authorization-server");
  expect(res.status()).toBe(200);
  const m = (await res.json()) as Record<string, unknown>;
  const issuer = baseURL!.replace(/\/$/, "");
  expect(m).toMatchObject({
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/oauth/jwks`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
  });
  expect(m.grant_types_supported).toEqual(["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"]);
  expect(m.token_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "client_secret_post", "private_key_jwt"]);
  const jwks = (await (await request.get("/oauth/jwks")).json()) as { keys: Record<string, unknown>[] };
  expect(jwks.keys.length).toBeGreaterThan(0);
  for (const k of jwks.keys) {
    expect(k).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
    expect(k).not.toHaveProperty("d");
  }
  // wrong method on a machine endpoint
  expect((await request.get("/oauth/token")).status()).toBe(405);
});

test("rotation on demand: new tokens use the new key; the old key stays published and its tokens stay valid", async ({ request, baseURL }) => {
  const f = await catalogFixture(baseURL, "keys");
  const client = await boundClient(f, "keys-svc");
  const before = await clientCredentials(request, client);
  const oldKid = decodeProtectedHeader(before.access_token).kid!;

  // only admins rotate
  await problem(await f.api.post("/api/v1/signing-keys/rotate", { data: {} }), 403);
  const rotated = await f.admin.post("/api/v1/signing-keys/rotate", { data: {} });
  expect(rotated.status(), await rotated.text()).toBe(201);
  const { kid: newKid, retired } = (await rotated.json()) as { kid: string; retired: string[] };
  expect(newKid).not.toBe(oldKid);
  expect(retired).toContain(oldKid);

  const jwks = await eventually(
    async () => (await (await request.get("/oauth/jwks")).json()) as { keys: { kid: string }[] },
    (j) => j.keys.some((k) => k.kid === newKid),
  );
  expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));

  const after = await eventually(
    () => clientCredentials(request, client),
    (t) => decodeProtectedHeader(t.access_token).kid === newKid,
  );
  expect(decodeProtectedHeader(after.access_token).kid).toBe(newKid);

  // both verify against the published set; the old token is still active
  const set = createLocalJWKSet(jwks as never);
  await jwtVerify(before.access_token, set, { typ: "at+jwt" });
  await jwtVerify(after.access_token, set, { typ: "at+jwt" });
  expect(await introspect(request, client, before.access_token)).toMatchObject({ active: true });
  expect(await introspect(request, client, after.access_token)).toMatchObject({ active: true });

  const listed = (await (await f.reader.get("/api/v1/signing-keys")).json()) as { items: { kid: string; status: string }[] };
  expect(listed.items.find((k) => k.kid === newKid)?.status).toBe("active");
  expect(listed.items.find((k) => k.kid === oldKid)?.status).toBe("retired");
});
