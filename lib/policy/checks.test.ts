import { describe, expect, it } from "vitest";
import { checks, runners, runChecks, type CheckId } from "./checks";
import type { BindingView, ClaimRuleView, PolicyView, ProfileReach, ProfileView, ScopeView } from "./view";

const env = (id: string, prot: boolean, blockingChecks: string[] = []) => [id, { id, name: id, protected: prot, blockingChecks }] as const;

type Parts = {
  scopes?: ScopeView[];
  profiles?: ProfileView[];
  bindings?: BindingView[];
  claimRules?: ClaimRuleView[];
  resources?: Record<string, number>;
  blocking?: string[];
};

function view(p: Parts): PolicyView {
  return {
    environments: new Map([env("prod", true, p.blocking), env("dev", false)]),
    profiles: new Map((p.profiles ?? []).map((x) => [x.id, x])),
    resourcesPerEnvironment: new Map(Object.entries(p.resources ?? {})),
    subjects: { scopes: p.scopes ?? [], profileIds: (p.profiles ?? []).map((x) => x.id), bindings: p.bindings ?? [], claimRules: p.claimRules ?? [] },
  };
}

const scope = (action: string, heldBy = 1): ScopeView => ({ id: `s-${action}`, name: `orders-db:${action}`, action, resourceId: "r1", environmentId: "prod", heldBy });
const reach = (environmentId: string, r: Partial<ProfileReach> = {}): ProfileReach => ({ environmentId, scopes: 1, writes: 0, adminResources: 0, ...r });
const profile = (environmentId: string | null, r: ProfileReach[], expiresAt: Date | null = null): ProfileView => ({ id: "p1", name: "deploy", environmentId, expiresAt, reach: r });
const binding = (clientKind: string, expiresAt: Date | null = null): BindingView => ({ id: "b1", name: "alice → deploy", clientKind, profileId: "p1", expiresAt });
const rule = (conditions: Record<string, string>): ClaimRuleView => ({ id: "c1", name: "ci", issuer: "https://issuer.example", conditions, profileId: "p1" });

const run = (id: CheckId, p: Parts) => runners[id](view(p));
const later = new Date("2099-01-01T00:00:00Z");
const readOnlyProd = profile("prod", [reach("prod")]);

describe("policy checks", () => {
  it("has one runner per catalogue entry", () => {
    expect(Object.keys(runners).sort()).toEqual(checks.map((c) => c.id).sort());
  });

  describe("catch-all-scope", () => {
    it("fires on a * scope and on admin over every resource of an environment", () => {
      expect(run("catch-all-scope", { scopes: [scope("*")] })).toMatchObject([{ checkId: "catch-all-scope", severity: "critical", environment: "prod" }]);
      const admin = profile("prod", [reach("prod", { scopes: 3, writes: 3, adminResources: 3 })], later);
      expect(run("catch-all-scope", { profiles: [admin], resources: { prod: 3 } })).toMatchObject([{ target: { entity: "profile", id: "p1" } }]);
    });
    it("does not fire on admin over part of an environment, or over a tiny one", () => {
      const some = profile("prod", [reach("prod", { adminResources: 3 })]);
      expect(run("catch-all-scope", { scopes: [scope("admin")], profiles: [some], resources: { prod: 4 } })).toEqual([]);
      const tiny = profile("prod", [reach("prod", { adminResources: 2 })]);
      expect(run("catch-all-scope", { profiles: [tiny], resources: { prod: 2 } })).toEqual([]);
    });
  });

  describe("prod-write-without-expiry", () => {
    it("fires on a protected profile that can write, or on writes into a protected environment", () => {
      expect(run("prod-write-without-expiry", { profiles: [profile("prod", [reach("prod", { writes: 1 })])] })).toMatchObject([{ environment: "prod" }]);
      expect(run("prod-write-without-expiry", { profiles: [profile(null, [reach("prod", { writes: 1 })])] })).toMatchObject([{ environment: "prod" }]);
    });
    it("does not fire with an expiry, read-only, or outside protected environments", () => {
      expect(run("prod-write-without-expiry", { profiles: [profile("prod", [reach("prod", { writes: 1 })], later)] })).toEqual([]);
      expect(run("prod-write-without-expiry", { profiles: [readOnlyProd] })).toEqual([]);
      expect(run("prod-write-without-expiry", { profiles: [profile("dev", [reach("dev", { writes: 2 })])] })).toEqual([]);
    });
  });

  describe("profile-spans-environments", () => {
    it("fires on scopes in two environments, or outside the profile's own", () => {
      expect(run("profile-spans-environments", { profiles: [profile(null, [reach("prod"), reach("dev")])] })).toHaveLength(1);
      expect(run("profile-spans-environments", { profiles: [profile("dev", [reach("prod")])] })).toMatchObject([{ environment: "dev" }]);
    });
    it("does not fire on a profile within one environment", () => {
      expect(run("profile-spans-environments", { profiles: [readOnlyProd, { ...profile(null, [reach("dev")]), id: "p2" }] })).toEqual([]);
    });
  });

  describe("claim-rule-matches-all", () => {
    it("fires on no conditions and on wildcard-only conditions", () => {
      const f = run("claim-rule-matches-all", { claimRules: [rule({})], profiles: [readOnlyProd] });
      expect(f).toMatchObject([{ severity: "high", environment: "prod", target: { entity: "claimRule", id: "c1" } }]);
      expect(run("claim-rule-matches-all", { claimRules: [rule({ repository: "*", ref: ".*", sub: "**" })] })).toHaveLength(1);
    });
    it("does not fire when one condition narrows the subject", () => {
      expect(run("claim-rule-matches-all", { claimRules: [rule({ repository: "acme/orders", ref: "*" })] })).toEqual([]);
    });
  });

  describe("human-binding-without-expiry-prod", () => {
    it("fires on a permanent human binding to a protected profile", () => {
      expect(run("human-binding-without-expiry-prod", { bindings: [binding("human")], profiles: [readOnlyProd] })).toMatchObject([{ environment: "prod" }]);
    });
    it("does not fire for a temporary grant, a machine client or an unprotected profile", () => {
      expect(run("human-binding-without-expiry-prod", { bindings: [binding("human", later)], profiles: [readOnlyProd] })).toEqual([]);
      expect(run("human-binding-without-expiry-prod", { bindings: [binding("pipeline")], profiles: [readOnlyProd] })).toEqual([]);
      expect(run("human-binding-without-expiry-prod", { bindings: [binding("human")], profiles: [profile("dev", [reach("dev")])] })).toEqual([]);
    });
  });

  describe("unused-scope", () => {
    it("fires on a scope no profile holds", () => {
      expect(run("unused-scope", { scopes: [scope("read", 0)] })).toMatchObject([{ severity: "low", target: { id: "s-read", resourceId: "r1" } }]);
    });
    it("does not fire on a held scope", () => {
      expect(run("unused-scope", { scopes: [scope("read", 2)] })).toEqual([]);
    });
  });

  it("marks findings blocking when their environment lists the check, and sorts the most severe first", () => {
    const findings = runChecks(view({ scopes: [scope("*", 0)], blocking: ["unused-scope"] }));
    expect(findings.map((f) => [f.checkId, f.blocking])).toEqual([
      ["catch-all-scope", false],
      ["unused-scope", true],
    ]);
  });
});
