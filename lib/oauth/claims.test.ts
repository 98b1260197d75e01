import { describe, expect, it } from "vitest";
import { claimValue, conditionMatches, globToRegExp, ruleMatches, sameIssuer } from "./claims";

describe("claim conditions", () => {
  it("an exact value matches only itself (strings, numbers and booleans as text)", () => {
    expect(conditionMatches("acme/orders", "acme/orders")).toBe(true);
    expect(conditionMatches("acme/orders", "acme/orders-2")).toBe(false);
    expect(conditionMatches("acme/order.", "acme/orders")).toBe(false);
    expect(conditionMatches("42", 42)).toBe(true);
    expect(conditionMatches("true", true)).toBe(true);
    expect(conditionMatches("x", { x: 1 })).toBe(false);
    expect(conditionMatches("x", undefined)).toBe(false);
  });

  it("globs: * within a segment, ** across segments, ? one character; everything else literal", () => {
    expect(conditionMatches("refs/heads/*", "refs/heads/main")).toBe(true);
    expect(conditionMatches("refs/heads/*", "refs/heads/feature/x")).toBe(false);
    expect(conditionMatches("refs/heads/**", "refs/heads/feature/x")).toBe(true);
    expect(conditionMatches("refs/tags/v?", "refs/tags/v1")).toBe(true);
    expect(conditionMatches("refs/tags/v?", "refs/tags/v10")).toBe(false);
    expect(conditionMatches("acme/*", "acme/")).toBe(true);
    expect(conditionMatches("a.b*", "axb")).toBe(false);
    expect(conditionMatches("(x)*", "(x)y")).toBe(true);
    expect(globToRegExp("a*")).toBe(globToRegExp("a*"));
  });

  it("an array claim matches when one element does", () => {
    expect(conditionMatches("admins", ["users", "admins"])).toBe(true);
    expect(conditionMatches("team-*", ["users", "team-a"])).toBe(true);
    expect(conditionMatches("admins", [])).toBe(false);
  });

  it("claimValue reaches nested claims by a dotted name unless a claim has that exact name", () => {
    expect(claimValue({ a: { b: "x" } }, "a.b")).toBe("x");
    expect(claimValue({ "a.b": "flat", a: { b: "nested" } }, "a.b")).toBe("flat");
    expect(claimValue({ a: "x" }, "a.b")).toBeUndefined();
    expect(claimValue({}, "__proto__.x")).toBeUndefined();
  });
});

describe("ruleMatches", () => {
  const claims = { iss: "https://token.actions.example", repository: "acme/orders", ref: "refs/heads/main", environment: "prod" };
  it("every condition must match", () => {
    expect(ruleMatches({ repository: "acme/orders", ref: "refs/heads/*" }, claims)).toBe(true);
    expect(ruleMatches({ repository: "acme/orders", ref: "refs/tags/*" }, claims)).toBe(false);
    expect(ruleMatches({ repository: "acme/orders", workflow: "*" }, claims)).toBe(false);
  });
  it("a rule without conditions matches every token of its issuer (policy flags it)", () => {
    expect(ruleMatches({}, claims)).toBe(true);
  });
  it("issuers compare without a trailing slash", () => {
    expect(sameIssuer("https://a.example/", "https://a.example")).toBe(true);
    expect(sameIssuer("https://a.example", "https://b.example")).toBe(false);
  });
});
