import { describe, expect, it } from "vitest";
import { invalidClient, OAuthError, oauthErrorBody, rateLimited } from "./errors";

describe("OAuth errors (RFC 6749 §5.2)", () => {
  it("have the RFC status for each code and a JSON body of error and error_description only", () => {
    const cases: [ConstructorParameters<typeof OAuthError>[0], number][] = [
      ["invalid_request", 400],
      ["invalid_client", 401],
      ["invalid_grant", 400],
      ["unauthorized_client", 400],
      ["unsupported_grant_type", 400],
      ["invalid_scope", 400],
      ["invalid_target", 400],
      ["server_error", 500],
    ];
    for (const [code, status] of cases) {
      const e = new OAuthError(code, "why");
      expect(e.status).toBe(status);
      expect(oauthErrorBody(e)).toEqual({ error: code, error_description: "why" });
      expect(Object.keys(oauthErrorBody(e))).toEqual(["error", "error_description"]);
    }
  });

  it("invalid_client carries the Basic challenge when the client used the Authorization header", () => {
    expect(invalidClient("bad", true).headers["www-authenticate"]).toMatch(/^Basic realm=/);
    expect(invalidClient("bad", false).headers).toEqual({});
  });

  it("rate limiting is 429 with Retry-After in whole seconds", () => {
    const e = rateLimited(3, "client");
    expect(e.status).toBe(429);
    expect(e.headers["retry-after"]).toBe("3");
  });
});
