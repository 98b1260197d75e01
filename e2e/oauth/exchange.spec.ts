// Token exchange (RFC 8693) of a JWT from a trusted issuer, with a key pair
// generated here; and private_key_jwt client authentication (RFC 7523).
import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { uniqueName } from "../helpers";
import { problem, written } from "../api/api";
import { catalogFixture, claimsOf, introspect, issued, oauthError, boundClient, tokenRequest, type Fixture } from "./oauth";

test.describe.configure({ mode: "serial" });

const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

let f: Fixture;
let issuerKey: CryptoKey;
const issuer = `https://ci.${uniqueName("e2e")}.example`;
const audience = "perimeter-e2e";
let pipeline: { id: string; name: string };

const ciToken = (claims: Record<string, unknown>, opts: { key?: CryptoKey; iss?: string; aud?: string; exp?: string } = {}) =>
  new SignJWT({ repository: "acme/orders", ref: "refs/heads/main", ...claims })
    .setProtectedHeader({ alg: "ES256", kid: "ci-1" })
    .setIssuer(opts.iss ?? issuer)
    .setAudience(opts.aud ?? audience)
    .setSubject("repo:acme/orders:ref:refs/heads/main")
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? "5m")
    .sign(opts.key ?? issuerKey);

const exchange = (subject: string, extra: Record<string, string> = {}) => ({ grant_type: EXCHANGE, subject_token: subject, subject_token_type: JWT_TYPE, ...extra });

test.beforeAll(async ({ baseURL }) => {
  f = await catalogFixture(baseURL, "tx");
  const pair = await generateKeyPair("ES256", { extractable: true });
  issuerKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "ci-1", alg: "ES256" };

  // only admins register issuers
  await problem(await f.api.post("/api/v1/trusted-issuers", { data: { name: uniqueName("e2e-ci"), issuer, audience, jwks: { keys: [jwk] } } }), 403);
  const bad = await problem(await f.admin.post("/api/v1/trusted-issuers", { data: { name: uniqueName("e2e-ci"), issuer, audience } }), 400);
  expect(bad.errors?.map((e) => e.field)).toContain("jwks");
  const reg = await f.admin.post("/api/v1/trusted-issuers", { data: { name: uniqueName("e2e-ci"), issuer, audience, jwks: { keys: [jwk] } } });
  expect(reg.status(), await reg.text()).toBe(201);

  const client = await written(await f.api.post("/api/v1/clients", { data: { name: uniqueName("e2e-oa-ci"), kind: "pipeline" } }));
  pipeline = { id: client.result.id, name: client.result.name };
  await written(
    await f.api.post("/api/v1/claim-rules", {
      data: { name: uniqueName("e2e-oa-rule"), issuer, conditions: { repository: "acme/orders", ref: "refs/heads/*" }, profileId: f.profile.id, clientId: pipeline.id },
    }),
  );
});

test("a trusted issuer's token whose claims match a rule becomes a short-lived, profile-bound access token", async ({ request }) => {
  const t = await issued(await tokenRequest(request, exchange(await ciToken({}), { scope: `${f.resource.ref}:read` })));
  expect(t.issued_token_type).toBe("urn:ietf:params:oauth:token-type:access_token");
  expect(t.scope).toBe(`${f.resource.ref}:read`);
  const c = claimsOf(t.access_token);
  expect(c).toMatchObject({ client_id: pipeline.name, sub: "repo:acme/orders:ref:refs/heads/main", profile_id: f.profile.id, src_iss: issuer });
  // a glob on ref: any branch matches
  await issued(await tokenRequest(request, exchange(await ciToken({ ref: "refs/heads/release-1" }))));
});

test("claims that match no rule, an untrusted issuer, a wrong audience or an expired token are invalid_grant", async ({ request }) => {
  const noRule = await oauthError(await tokenRequest(request, exchange(await ciToken({ repository: "acme/payments" }))), 400, "invalid_grant");
  expect(noRule.error_description).toContain("no claim rule");
  // "*" does not cross "/": refs/heads/feature/x does not match refs/heads/*
  await oauthError(await tokenRequest(request, exchange(await ciToken({ ref: "refs/heads/feature/x" }))), 400, "invalid_grant");
  await oauthError(await tokenRequest(request, exchange(await ciToken({}, { iss: "https://evil.example" }))), 400, "invalid_grant");
  await oauthError(await tokenRequest(request, exchange(await ciToken({}, { aud: "someone-else" }))), 400, "invalid_grant");
  const other = await generateKeyPair("ES256");
  await oauthError(await tokenRequest(request, exchange(await ciToken({}, { key: other.privateKey }))), 400, "invalid_grant");
  await oauthError(await tokenRequest(request, exchange(await ciToken({}, { exp: "-1m" }))), 400, "invalid_grant");
  await oauthError(await tokenRequest(request, exchange(await ciToken({}), { scope: `${f.resource.ref}:admin` })), 400, "invalid_scope");
  await oauthError(await tokenRequest(request, { grant_type: EXCHANGE, subject_token: "x" }), 400, "invalid_request");
});

test("private_key_jwt: a client assertion signed with a registered public key authenticates the client", async ({ request, baseURL }) => {
  const client = await boundClient(f, "tx-pkjwt");
  const pair = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  const cred = await written(await f.api.post("/api/v1/credentials", { data: { clientId: client.id, kind: "public_key", label: "e2e key", jwk } }));
  expect(cred.result.secret).toBeUndefined();
  // a private key is refused
  await problem(await f.api.post("/api/v1/credentials", { data: { clientId: client.id, kind: "public_key", jwk: await exportJWK(pair.privateKey) } }), 400);

  const tokenEndpoint = `${baseURL!.replace(/\/$/, "")}/oauth/token`;
  const assertion = (key = pair.privateKey) =>
    new SignJWT({}).setProtectedHeader({ alg: "ES256" }).setIssuer(client.name).setSubject(client.name).setAudience(tokenEndpoint).setJti(randomUUID()).setIssuedAt().setExpirationTime("2m").sign(key);
  const form = async (key?: CryptoKey) => ({
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: await assertion(key),
  });
  const t = await issued(await tokenRequest(request, await form()));
  expect(claimsOf(t.access_token).client_id).toBe(client.name);
  expect(await introspect(request, client, t.access_token)).toMatchObject({ active: true });

  // a replayed assertion, or one signed by another key, is invalid_client
  const once = await form();
  await issued(await tokenRequest(request, once));
  await oauthError(await tokenRequest(request, once), 401, "invalid_client");
  await oauthError(await tokenRequest(request, await form((await generateKeyPair("ES256")).privateKey)), 401, "invalid_client");
});
