import { describe, expect, it } from "vitest";
import { diffSnapshots } from "./diff";
import { plannedAfter, readableRows, targetLabel } from "./readable-diff";

const names = new Map([
  ["s-read", "orders-db:read (prod)"],
  ["s-write", "orders-db:write (prod)"],
  ["s-admin", "orders-db:admin (prod)"],
  ["c-ci", "ci-orders"],
  ["p-deploy", "deploy-orders-prod"],
  ["env-prod", "prod"],
]);

describe("readable diff", () => {
  it("shows a profile's scope edit as names added and removed, never ids", () => {
    const before = { id: "p1", name: "deploy", scopeIds: ["s-admin", "s-read"], maxTokenLifetimeSeconds: 3600, version: 3 };
    const after = plannedAfter("profile", "update", before, { addScopeIds: ["s-write"], removeScopeIds: ["s-admin"], maxTokenLifetimeSeconds: 900 });
    const rows = readableRows(diffSnapshots(before, after), names);
    expect(rows).toEqual([
      { field: "Scopes", key: "scopeIds", added: ["orders-db:write (prod)"], removed: ["orders-db:admin (prod)"] },
      { field: "Maximum token lifetime", key: "maxTokenLifetimeSeconds", before: "1 h", after: "15 min" },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/s-write|s-admin/);
  });

  it("names a binding as client → profile and its references by name", () => {
    const created = plannedAfter("binding", "create", null, { clientId: "c-ci", profileId: "p-deploy", expiresAt: "2030-01-02T03:04:00.000Z" });
    expect(targetLabel("binding", "b1", null, created, names)).toBe("ci-orders → deploy-orders-prod");
    const rows = readableRows(diffSnapshots(null, created), names);
    expect(rows).toContainEqual({ field: "Client", key: "clientId", before: "—", after: "ci-orders" });
    expect(rows).toContainEqual({ field: "Expiry", key: "expiresAt", before: "—", after: "2030-01-02 03:04 UTC" });
  });

  it("lists every field of a deleted object as going away", () => {
    const before = { id: "e1", name: "staging", protection: "none", blockingChecks: [] };
    const rows = readableRows(diffSnapshots(before, plannedAfter("environment", "delete", before, null)), names);
    expect(rows.map((r) => r.field)).toEqual(["Name", "Protection", "Blocking checks"]);
    expect(rows[0]).toEqual({ field: "Name", key: "name", before: "staging", after: "—" });
  });

  it("marks a credential revocation without showing secrets", () => {
    const before = { id: "k1", prefix: "pmt_sec_ab", revokedAt: null, secretHash: "xyz" };
    const rows = readableRows(diffSnapshots(before, plannedAfter("credential", "update", before, { revoke: true })), names);
    expect(rows).toEqual([{ field: "Revoked at", key: "revokedAt", before: "—", after: "when applied" }]);
  });
});
