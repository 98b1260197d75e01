// Access assertions over a state: each rule, with the violating paths named.
import { describe, expect, it } from "vitest";
import { checkAssertions } from "./assertions";
import { sampleState } from "../testing/ascode-state";
import { offlineFindings } from "./offline-policy";
import { checkReferences } from "./references";
import type { AssertionSpec } from "./format";

const now = new Date("2027-01-01T00:00:00Z");
const run = (a: AssertionSpec, edit?: (s: ReturnType<typeof sampleState>) => void) => {
  const s = sampleState();
  edit?.(s);
  return checkAssertions(s, now, [a])[0]!;
};

describe("assertions", () => {
  it("can: through a binding or a claim rule; fails when nothing grants it", () => {
    expect(run({ name: "a", rule: "can", client: "ci-orders", action: "read", resource: "prod/orders-db" })).toMatchObject({ pass: true });
    expect(run({ name: "a", rule: "can", client: "indexer", action: "read", resource: "prod/orders-db" })).toMatchObject({ pass: false, severity: "high" });
  });

  it("cannot: names the path that grants it", () => {
    const r = run({ name: "a", rule: "cannot", client: "ci-orders", action: "write", resource: "prod/ledger-db" });
    expect(r.pass).toBe(false);
    expect(r.paths).toEqual(["ci-orders → binding ci-orders -> ledger-write → profile ledger-write → prod/ledger-db:write"]);
  });

  it("only-domain: a client outside the domain breaks it", () => {
    const r = run({ name: "a", rule: "only-domain", domain: "payments", action: "write", resource: "prod/ledger-db" });
    expect(r).toMatchObject({ pass: false, message: expect.stringContaining("alice outside domain payments") });
    // an expired grant no longer counts
    expect(run({ name: "a", rule: "only-domain", domain: "payments", action: "write", resource: "prod/ledger-db" }, (s) => (s.clients[2]!.bindings![0]!.expiresAt = "2026-01-01T00:00:00Z")).pass).toBe(true);
  });

  it("at-most: counts distinct clients; a * scope grants every action", () => {
    expect(run({ name: "a", rule: "at-most", clients: 2, resource: "prod/ledger-db" }).pass).toBe(true);
    expect(run({ name: "a", rule: "at-most", clients: 1, resource: "prod/ledger-db", action: "write" }).pass).toBe(false);
    const star = run({ name: "a", rule: "at-most", clients: 0, resource: "prod/index", action: "write" }, (s) => {
      s.resources[2]!.scopes!.push({ action: "*" });
      s.profiles[2]!.scopes!.push("prod/index:*");
    });
    expect(star).toMatchObject({ pass: false, message: expect.stringContaining("indexer") });
  });

  it("expiring: a standing human grant breaks it, a temporary one does not; suspended clients reach nothing", () => {
    const spec: AssertionSpec = { name: "a", rule: "expiring", kind: "human", action: "write", environment: "prod" };
    expect(run(spec).pass).toBe(true);
    expect(run(spec, (s) => delete s.clients[2]!.bindings![0]!.expiresAt).pass).toBe(false);
    expect(run(spec, (s) => { delete s.clients[2]!.bindings![0]!.expiresAt; s.clients[2]!.status = "suspended"; }).pass).toBe(true);
  });
});

describe("offline checks of the files", () => {
  it("finds a missing reference", () => {
    const s = sampleState();
    s.profiles[0]!.scopes!.push("prod/orders-db:admin");
    s.assertions.push({ name: "x", rule: "can", client: "nobody", action: "read", resource: "prod/orders-db" });
    expect(checkReferences(s).map((r) => r.message)).toEqual(["scope prod/orders-db:admin is not defined (add the action to the resource's scopes)", "client nobody is not defined"]);
  });

  it("runs the policy checks on the files, blocking where the environment says so", () => {
    const s = sampleState();
    s.resources[2]!.scopes!.push({ action: "*" });
    s.profiles[2]!.scopes!.push("prod/index:*");
    const findings = offlineFindings(s);
    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ checkId: "catch-all-scope", blocking: true, environment: "prod" })]));
    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ checkId: "prod-write-without-expiry", target: expect.objectContaining({ name: "ledger-write" }) })]));
  });
});
