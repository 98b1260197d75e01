import { describe, expect, it } from "vitest";
import { audienceOf, coveringScope, firstNotHeld, parseScopeParam, resourceFromIndicator, ScopeError, selectScopes, type ScopeRef } from "./scopes";

const ref = (resource: string, action: string): ScopeRef => ({ id: `${resource}:${action}`, name: `${resource}:${action}`, resourceId: resource, resource, action });
const held = [ref("prod/orders-db", "read"), ref("prod/orders-db", "write"), ref("staging/orders-db", "read"), ref("prod/ledger", "read")];

function scopeError(fn: () => unknown): ScopeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScopeError);
    return e as ScopeError;
  }
  throw new Error("did not throw");
}

describe("parseScopeParam", () => {
  it("splits on spaces, drops duplicates and empty parts; absent or blank is null", () => {
    expect(parseScopeParam("a:read  b:write a:read")).toEqual(["a:read", "b:write"]);
    expect(parseScopeParam(undefined)).toBeNull();
    expect(parseScopeParam("   ")).toBeNull();
  });
  it("refuses characters RFC 6749 §3.3 does not allow", () => {
    expect(scopeError(() => parseScopeParam('a "b"')).error).toBe("invalid_scope");
    expect(scopeError(() => parseScopeParam("a\\b")).error).toBe("invalid_scope");
  });
});

describe("selectScopes", () => {
  it("no scope requested means every held scope, never more", () => {
    const s = selectScopes(held, null, null);
    expect(s.scopes.map((x) => x.name)).toEqual(held.map((h) => h.name).sort());
    expect(s.audience).toEqual(["prod/ledger", "prod/orders-db", "staging/orders-db"].map(audienceOf));
  });

  it("a subset narrows; a scope outside the profile is invalid_scope, never silently dropped", () => {
    expect(selectScopes(held, ["prod/orders-db:read"], null).scopes.map((s) => s.name)).toEqual(["prod/orders-db:read"]);
    const wider = scopeError(() => selectScopes(held, ["prod/orders-db:read", "prod/orders-db:admin"], null));
    expect(wider.error).toBe("invalid_scope");
    expect(wider.message).toContain("prod/orders-db:admin");
  });

  it("a short name works when it is unambiguous, and is refused when it is not", () => {
    expect(selectScopes(held, ["ledger:read"], null).scopes[0]!.name).toBe("prod/ledger:read");
    expect(selectScopes(held, ["orders-db:write"], null).scopes[0]!.name).toBe("prod/orders-db:write");
    expect(scopeError(() => selectScopes(held, ["orders-db:read"], null)).message).toContain("ambiguous");
  });

  it("resource indicators narrow scope and audience; a resource outside the profile is invalid_target", () => {
    const s = selectScopes(held, null, [audienceOf("prod/orders-db")]);
    expect(s.scopes.map((x) => x.name)).toEqual(["prod/orders-db:read", "prod/orders-db:write"]);
    expect(s.audience).toEqual([audienceOf("prod/orders-db")]);
    expect(selectScopes(held, null, ["prod/ledger"]).audience).toEqual([audienceOf("prod/ledger")]);
    expect(scopeError(() => selectScopes(held, null, ["prod/payments-db"])).error).toBe("invalid_target");
    expect(scopeError(() => selectScopes(held, ["prod/ledger:read"], ["prod/orders-db"])).error).toBe("invalid_scope");
  });

  it("an empty profile gives no token", () => {
    expect(scopeError(() => selectScopes([], null, null)).error).toBe("invalid_scope");
  });

  it("the selection is always a subset of what is held (exhaustive over small requests)", () => {
    const names = [...held.map((h) => h.name), "prod/orders-db:admin", "dev/x:read"];
    for (let mask = 1; mask < 1 << names.length; mask++) {
      const req = names.filter((_, i) => mask & (1 << i));
      try {
        const s = selectScopes(held, req, null);
        expect(s.scopes.every((x) => held.includes(x))).toBe(true);
        expect(s.scopes.length).toBe(req.length);
      } catch (e) {
        expect(e).toBeInstanceOf(ScopeError);
        expect(req.some((r) => !held.some((h) => h.name === r))).toBe(true);
      }
    }
  });
});

describe("token scope checks", () => {
  it("resourceFromIndicator accepts the URN and the bare reference", () => {
    expect(resourceFromIndicator("urn:perimeter:resource:prod/x")).toBe("prod/x");
    expect(resourceFromIndicator("prod/x")).toBe("prod/x");
  });
  it("coveringScope matches the exact action or the resource's catch-all", () => {
    expect(coveringScope(["prod/a:read"], "prod/a", "read")).toBe("prod/a:read");
    expect(coveringScope(["prod/a:*"], "prod/a", "write")).toBe("prod/a:*");
    expect(coveringScope(["prod/a:read"], "prod/a", "write")).toBeNull();
    expect(coveringScope(["staging/a:read"], "prod/a", "read")).toBeNull();
  });
  it("firstNotHeld names the first scope a narrowed profile no longer holds", () => {
    expect(firstNotHeld(["s1", "s2"], new Set(["s1", "s2", "s3"]))).toBeNull();
    expect(firstNotHeld(["s1", "s2"], new Set(["s1"]))).toBe("s2");
  });
});
