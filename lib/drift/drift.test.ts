import { describe, expect, it } from "vitest";
import { sortDrift } from "./load";
import { expiredGrants, type GrantRow } from "./expired-grants";
import { openClaimRules, type ClaimRuleRow } from "./open-claim-rules";
import { ownerlessProfiles } from "./ownerless-profiles";
import { PRIVILEGED_GRACE_DAYS, privilegedClients, type ClientBindingRow } from "./privileged-clients";
import { staleCredentials, type CredentialRow } from "./stale-credentials";
import { DAY } from "./types";
import { grantedSince, unusedScopes, type ProfileGrantRow } from "./unused-scopes";

const now = new Date("2026-11-23T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const later = (days: number) => new Date(now.getTime() + days * DAY);

describe("expired-grant", () => {
  const grant = (expiresAt: Date | null): GrantRow => ({ id: "b1", clientName: "alice", profileName: "ops-prod", environment: "prod", expiresAt, reason: "INC-1" });

  it("fires on a binding past its expiry, with a fix that deletes it", () => {
    const [f, ...rest] = expiredGrants([grant(ago(1))], now);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ key: "expired-grant:binding:b1", severity: "high", environment: "prod", target: { entity: "binding", name: "alice → ops-prod" } });
    expect(f!.fix).toMatchObject({ kind: "change", operations: [{ entity: "binding", kind: "delete", id: "b1" }] });
    expect(f!.fix?.kind === "change" && f!.fix.reason).toContain("INC-1");
  });

  it("does not fire on a live temporary grant or a standing binding", () => {
    expect(expiredGrants([grant(later(1)), grant(null)], now)).toEqual([]);
  });
});

describe("privileged-client", () => {
  const row = (r: Partial<ClientBindingRow>): ClientBindingRow => ({
    bindingId: "b1",
    clientId: "c1",
    clientName: "terraform",
    profileName: "tf-prod",
    expiresAt: null,
    profileExpiresAt: null,
    scopes: [{ name: "vpc:admin", action: "admin", environment: "prod", protected: true }],
    ...r,
  });

  it("fires on standing prod admin, once per client, with a fix that makes every standing binding temporary", () => {
    const findings = privilegedClients(
      [row({}), row({ bindingId: "b2", profileName: "all-dev", scopes: [{ name: "cache:*", action: "*", environment: "dev", protected: false }] })],
      now,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: "privileged-client", severity: "critical", target: { entity: "client", id: "c1" }, environment: null });
    expect(findings[0]!.message).toContain("prod/vpc:admin");
    expect(findings[0]!.message).toContain("dev/cache:*");
    const until = later(PRIVILEGED_GRACE_DAYS).toISOString();
    expect(findings[0]!.fix).toMatchObject({
      kind: "change",
      operations: [
        { entity: "binding", kind: "update", id: "b1", data: { expiresAt: until } },
        { entity: "binding", kind: "update", id: "b2", data: { expiresAt: until } },
      ],
    });
  });

  it("fires on a catch-all held through a temporary grant, linking to the client", () => {
    const [f] = privilegedClients([row({ expiresAt: later(2), scopes: [{ name: "db:*", action: "*", environment: "dev", protected: false }] })], now);
    expect(f).toMatchObject({ environment: "dev", fix: { kind: "link", href: "/clients/c1" } });
  });

  it("does not fire on temporary prod admin, admin outside protected environments, or expired bindings", () => {
    expect(privilegedClients([row({ expiresAt: later(1) })], now)).toEqual([]);
    expect(privilegedClients([row({ profileExpiresAt: later(14) })], now)).toEqual([]);
    expect(privilegedClients([row({ scopes: [{ name: "x:admin", action: "admin", environment: "dev", protected: false }] })], now)).toEqual([]);
    expect(privilegedClients([row({ expiresAt: ago(1), scopes: [{ name: "db:*", action: "*", environment: "dev", protected: false }] })], now)).toEqual([]);
    expect(privilegedClients([row({ scopes: [{ name: "vpc:read", action: "read", environment: "prod", protected: true }] })], now)).toEqual([]);
  });
});

describe("stale-credential", () => {
  const cred = (c: Partial<CredentialRow>): CredentialRow => ({
    id: "k1",
    clientId: "c1",
    clientName: "svc-orders",
    prefix: "pmt_sec_1",
    createdAt: ago(10),
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: ago(1),
    ...c,
  });

  it("fires on a credential older than the rotation policy, linking to rotate it", () => {
    const [f] = staleCredentials([cred({ createdAt: ago(120) })], now, 90);
    expect(f).toMatchObject({ key: "stale-credential:credential:k1", fix: { kind: "link", label: "Rotate" } });
    expect(f!.message).toContain("120 days old; the rotation policy is 90 days");
    expect(staleCredentials([cred({ createdAt: ago(40) })], now, 30)).toHaveLength(1);
  });

  it("fires on a credential never used after the grace period, with a fix that revokes it", () => {
    const [f] = staleCredentials([cred({ lastUsedAt: null })], now);
    expect(f!.fix).toMatchObject({ kind: "change", operations: [{ entity: "credential", kind: "update", id: "k1", data: { revoke: true } }] });
  });

  it("does not fire on a young, used, revoked or expired credential, or a brand-new unused one", () => {
    expect(staleCredentials([cred({})], now)).toEqual([]);
    expect(staleCredentials([cred({ createdAt: ago(200), revokedAt: ago(1) })], now)).toEqual([]);
    expect(staleCredentials([cred({ createdAt: ago(200), expiresAt: ago(1) })], now)).toEqual([]);
    expect(staleCredentials([cred({ createdAt: ago(1), lastUsedAt: null })], now)).toEqual([]);
  });
});

describe("open-claim-rule", () => {
  const rule = (conditions: Record<string, string>): ClaimRuleRow => ({ id: "r1", name: "gha-any", issuer: "https://token.actions.githubusercontent.com", conditions, profileName: "deploy", environment: "prod" });

  it("fires on no conditions or wildcards only, with a fix that deletes the rule", () => {
    expect(openClaimRules([rule({})])).toMatchObject([{ severity: "high", fix: { kind: "change", operations: [{ entity: "claimRule", kind: "delete", id: "r1" }] } }]);
    expect(openClaimRules([rule({ repository: "*", ref: " .* " })])[0]!.message).toContain("only wildcard conditions");
  });

  it("does not fire when a condition narrows the subject", () => {
    expect(openClaimRules([rule({ repository: "acme/orders", ref: "*" })])).toEqual([]);
  });
});

describe("ownerless-profile", () => {
  it("fires on a profile without an owner, linking to it (choosing an owner is a person's call)", () => {
    expect(ownerlessProfiles([{ id: "p1", name: "deploy", owner: " ", environment: null, bindings: 2 }])).toMatchObject([
      { message: "deploy has no owner and is bound to 2 clients", fix: { kind: "link", href: "/profiles/p1" } },
    ]);
  });

  it("does not fire on an owned profile", () => {
    expect(ownerlessProfiles([{ id: "p1", name: "deploy", owner: "team@acme.example", environment: null, bindings: 0 }])).toEqual([]);
  });
});

describe("unused-scopes", () => {
  const profile = (p: Partial<ProfileGrantRow> = {}): ProfileGrantRow => ({
    id: "p1",
    name: "deploy",
    environment: "prod",
    createdAt: ago(100),
    holders: 1,
    scopes: [
      { id: "s-read", name: "orders-db:read" },
      { id: "s-write", name: "orders-db:write" },
    ],
    versions: [{ version: 1, createdAt: ago(100), scopeIds: ["s-read", "s-write"] }],
    ...p,
  });
  const usage = (entries: [string, Date][]) => new Map([["p1", new Map(entries)]]);

  it("fires on scopes held all window without an allowed decision, with a fix that removes them", () => {
    const [f, ...rest] = unusedScopes([profile()], usage([["orders-db:read", ago(2)]]), now, 30);
    expect(rest).toEqual([]);
    expect(f!.message).toBe("deploy did not use orders-db:write in the last 30 days");
    expect(f!.fix).toMatchObject({ kind: "change", operations: [{ entity: "profile", kind: "update", id: "p1", data: { removeScopeIds: ["s-write"] } }] });
    // usage may be keyed by scope id too; usage older than the window does not count
    expect(unusedScopes([profile()], usage([["s-read", ago(2)], ["s-write", ago(31)]]), now, 30)).toHaveLength(1);
    expect(unusedScopes([profile()], new Map(), now, 30)[0]!.message).toBe("deploy used none of its 2 scopes in the last 30 days");
  });

  it("does not fire on used scopes, scopes granted within the window, or profiles nobody holds", () => {
    expect(unusedScopes([profile()], usage([["s-read", ago(1)], ["orders-db:write", ago(29)]]), now, 30)).toEqual([]);
    const recent = profile({
      versions: [
        { version: 1, createdAt: ago(100), scopeIds: ["s-read"] },
        { version: 2, createdAt: ago(5), scopeIds: ["s-read", "s-write"] },
      ],
    });
    expect(unusedScopes([recent], usage([["s-read", ago(1)]]), now, 30)).toEqual([]);
    expect(unusedScopes([profile({ holders: 0 })], new Map(), now, 30)).toEqual([]);
  });

  it("dates a grant from the start of its unbroken run of versions", () => {
    const since = grantedSince(
      ["a", "b"],
      [
        { version: 3, createdAt: ago(1), scopeIds: ["a", "b"] },
        { version: 1, createdAt: ago(50), scopeIds: ["a", "b"] },
        { version: 2, createdAt: ago(20), scopeIds: ["a"] },
      ],
      ago(60),
    );
    expect(since.get("a")).toEqual(ago(50));
    expect(since.get("b")).toEqual(ago(1));
  });
});

describe("sortDrift", () => {
  it("puts the most severe first", () => {
    const findings = [
      ...ownerlessProfiles([{ id: "p1", name: "a", owner: "", environment: null, bindings: 0 }]),
      ...expiredGrants([{ id: "b1", clientName: "c", profileName: "p", environment: null, expiresAt: ago(1), reason: "" }], now),
    ];
    expect(sortDrift(findings).map((f) => f.kind)).toEqual(["expired-grant", "ownerless-profile"]);
  });
});
