import { describe, expect, it } from "vitest";
import { mergeClaims, needsUserinfo, sameIssuer } from "./claims";

const iss = "https://idp.example";

describe("OIDC claims from the ID token and userinfo", () => {
  it("takes everything from an ID token that has it, and does not ask userinfo", () => {
    const id = { iss, sub: "u1", email: "Ana@Example.com", email_verified: true, name: "Ana" };
    expect(needsUserinfo(id)).toBe(false);
    expect(mergeClaims(id, null)).toEqual({ iss, sub: "u1", email: "ana@example.com", emailVerified: true, name: "Ana" });
  });

  it("reads email, email_verified and name from userinfo when the ID token has only sub (OIDC Core 5.4)", () => {
    const id = { iss, sub: "u1" };
    expect(needsUserinfo(id)).toBe(true);
    expect(mergeClaims(id, { sub: "u1", email: "ana@example.com", email_verified: true, name: "Ana" })).toEqual({
      iss,
      sub: "u1",
      email: "ana@example.com",
      emailVerified: true,
      name: "Ana",
    });
  });

  it("never lets one source's email_verified vouch for the other's address", () => {
    // the ID token's address, unverified; userinfo verifies a different one
    expect(mergeClaims({ iss, sub: "u1", email: "a@example.com" }, { sub: "u1", email: "b@example.com", email_verified: true }).emailVerified).toBe(false);
    // userinfo confirms the same address
    expect(mergeClaims({ iss, sub: "u1", email: "a@example.com" }, { sub: "u1", email: "A@example.com", email_verified: true }).emailVerified).toBe(true);
    // ID token says unverified: userinfo does not overrule it
    expect(mergeClaims({ iss, sub: "u1", email: "a@example.com", email_verified: false }, { sub: "u1", email: "a@example.com", email_verified: true }).emailVerified).toBe(false);
  });

  it('accepts "true" as a string (some providers send it so), and nothing else', () => {
    expect(mergeClaims({ iss, sub: "u1", email: "a@example.com", email_verified: "true" }, null).emailVerified).toBe(true);
    expect(mergeClaims({ iss, sub: "u1", email: "a@example.com", email_verified: "yes" }, null).emailVerified).toBe(false);
    expect(mergeClaims({ iss, sub: "u1", email: "a@example.com", email_verified: 1 }, null).emailVerified).toBe(false);
  });

  it("refuses userinfo about another subject, and an ID token without iss or sub", () => {
    expect(() => mergeClaims({ iss, sub: "u1" }, { sub: "u2", email: "x@example.com", email_verified: true })).toThrow(/another subject/);
    expect(() => mergeClaims({ sub: "u1" }, null)).toThrow(/iss/);
  });

  it("builds a name from given and family names or the preferred username", () => {
    expect(mergeClaims({ iss, sub: "u1", given_name: "Ana", family_name: "Costa" }, null).name).toBe("Ana Costa");
    expect(mergeClaims({ iss, sub: "u1" }, { sub: "u1", preferred_username: "ana" }).name).toBe("ana");
    expect(mergeClaims({ iss, sub: "u1" }, null)).toMatchObject({ email: undefined, emailVerified: false, name: "" });
  });

  it("treats a trailing slash as the same issuer", () => {
    expect(sameIssuer("https://idp.example/", "https://idp.example")).toBe(true);
    expect(sameIssuer("https://idp.example/a", "https://idp.example")).toBe(false);
  });
});
