// Hostile values in every parameter of a token, introspection or revocation request, on each database:
// whatever a client sends in a storable form (what the HTTP edge lets through),
// the answer is a token or an OAuth error the client caused (4xx), never a
// server error. A ScopeError that escaped the scope selection was such a 500.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { providersUnderTest } from "../testing/databases";
import { basic } from "../testing/token-service";
import { tokenServiceSuite } from "../testing/token-service-suite";
import { unstorable } from "../validation/text";
import { OAuthError } from "./errors";
import { handleTokenRequest } from "./token-endpoint";
import { introspect, revoke } from "./endpoints";


// strings the edge accepts: well-formed, no control characters (./http/fast-path.ts refuses the rest, naming the field)
const text = fc
  .oneof(
    fc.string({ unit: "grapheme", maxLength: 24 }),
    fc.string({ unit: fc.constantFrom("a", ":", "/", " ", "%", "\\", '"', "\uFFFD", "é", "\u{1F680}", "0", "-", "."), maxLength: 12 }),
    fc.constantFrom("", " ", "prod/orders-db:read", "orders-db:read", "prod/orders-db:read prod/orders-db:write", "urn:perimeter:resource:prod/orders-db", "orders-rw", "2", "600", "-1", "1e309", "NaN", "9".repeat(30)),
  )
  .filter((s) => unstorable(s) === null);

const grant = fc.oneof(fc.constantFrom("client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange", "urn:ietf:params:oauth:grant-type:jwt-bearer", "refresh_token", "password"), text);
const params = fc.record(
  {
    grant_type: grant,
    scope: text,
    resource: text,
    audience: text,
    profile: text,
    expires_in: text,
    subject_token: text,
    subject_token_type: text,
    requested_token_type: text,
    actor_token: text,
  },
  { requiredKeys: ["grant_type"] },
);

describe.each(providersUnderTest)("token request parameters (%s)", (provider) => {
  const suite = tokenServiceSuite(provider, { ratePerClient: 1e6, ratePerAddress: 1e6 });

  it("any storable value of any parameter is a token or a 4xx OAuth error, never a server error", async () => {
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(p)) if (v !== undefined) form.append(k, v);
        try {
          const r = await handleTokenRequest(suite.svc, { form, authorization: basic("svc-orders", suite.secret), address: "198.51.100.7" });
          expect(r.access_token).toEqual(expect.any(String));
        } catch (e) {
          expect(e).toBeInstanceOf(OAuthError);
          expect((e as OAuthError).status, (e as OAuthError).message).toBeLessThan(500);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("any storable token and hint at introspection and revocation is an answer or a 4xx OAuth error", async () => {
    const issued = (await handleTokenRequest(suite.svc, { form: new URLSearchParams({ grant_type: "client_credentials" }), authorization: basic("svc-orders", suite.secret), address: "198.51.100.7" })).access_token;
    // a real token, one cut or altered, or anything at all
    const token = fc.oneof(fc.constant(issued), fc.nat({ max: issued.length }).map((n) => issued.slice(0, n)), text.map((s) => `${issued}${s}`), text);
    const hint = fc.oneof(fc.constantFrom("access_token", "refresh_token"), text);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("introspect", "revoke"), fc.record({ token, token_type_hint: hint }, { requiredKeys: [] }), async (endpoint, p) => {
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(p)) if (v !== undefined) form.append(k, v);
        try {
          await (endpoint === "introspect" ? introspect : revoke)(suite.svc, basic("svc-orders", suite.secret), form);
        } catch (e) {
          expect(e).toBeInstanceOf(OAuthError);
          expect((e as OAuthError).status, (e as OAuthError).message).toBeLessThan(500);
        }
      }),
      { numRuns: 150 },
    );
  });
});
