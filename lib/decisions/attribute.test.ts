import { describe, expect, it } from "vitest";
import { ReadModel } from "../access/read-model";
import type { CatalogSnapshot } from "../access/snapshot";
import { indexOf } from "../oauth/model-index";
import { deniedProfileOfClient, deniedScopeId } from "./attribute";

const NOW = Date.UTC(2026, 0, 1);
const past = new Date(NOW - 60_000);

const profile = (id: string, environmentId: string | null, scopeIds: string[]) => ({ id, name: id, environmentId, domainId: null, version: 1, maxTokenLifetimeSeconds: 600, expiresAt: null, scopeIds });
const binding = (clientId: string, profileId: string, expiresAt: Date | null = null) => ({ id: `${clientId}-${profileId}`, clientId, profileId, expiresAt });

const snapshot: CatalogSnapshot = {
  environments: [
    { id: "prod", name: "prod", protection: "protected" },
    { id: "dev", name: "dev", protection: "none" },
  ],
  domains: [],
  resources: [
    { id: "db", name: "orders-db", kind: "database", environmentId: "prod", domainId: "d", criticality: "high" },
    { id: "q", name: "queue", kind: "service", environmentId: "prod", domainId: "d", criticality: "low" },
  ],
  scopes: [
    { id: "db-read", resourceId: "db", action: "read" },
    { id: "db-write", resourceId: "db", action: "write" },
    { id: "q-any", resourceId: "q", action: "*" },
  ],
  profiles: [profile("reader", "prod", ["db-read"]), profile("writer", "prod", ["db-write"]), profile("reader-too", "prod", ["db-read"]), profile("dev-only", "dev", []), profile("anywhere", null, [])],
  clients: ["solo", "expired", "both", "two-prod", "dev-and-any"].map((id) => ({ id, name: id, kind: "service", status: "active", domainId: null })),
  bindings: [
    binding("solo", "reader"),
    binding("solo", "dev-only"),
    binding("expired", "writer", past),
    binding("both", "reader"),
    binding("both", "reader-too"),
    binding("two-prod", "reader"),
    binding("two-prod", "anywhere"),
    binding("dev-and-any", "dev-only"),
    binding("dev-and-any", "anywhere"),
  ],
  claimRules: [],
};
const ix = indexOf(new ReadModel(snapshot, 1));
const db = ix.model.resources.get("db")!;

describe("deniedScopeId", () => {
  it("is the catalog scope for the resource and action, else the resource's catch-all, else none", () => {
    expect(deniedScopeId(ix, "prod/orders-db", "write")).toBe("db-write");
    expect(deniedScopeId(ix, "prod/queue", "write")).toBe("q-any");
    expect(deniedScopeId(ix, "prod/orders-db", "admin")).toBe("");
    expect(deniedScopeId(ix, "prod/nowhere", "read")).toBe("");
  });
});

describe("deniedProfileOfClient", () => {
  it("names the one profile that holds the scope, even when its grant expired", () => {
    expect(deniedProfileOfClient(ix, "expired", db, "db-write", NOW)).toBe("writer");
  });

  it("leaves it empty when two profiles hold the scope", () => {
    expect(deniedProfileOfClient(ix, "both", db, "db-read", NOW)).toBe("");
  });

  it("else names the one live profile for the resource's environment (other environments do not count)", () => {
    expect(deniedProfileOfClient(ix, "solo", db, "db-write", NOW)).toBe("reader");
    expect(deniedProfileOfClient(ix, "solo", db, "", NOW)).toBe("reader");
  });

  it("counts a profile without an environment as a candidate, so two candidates are ambiguous", () => {
    expect(deniedProfileOfClient(ix, "two-prod", db, "db-write", NOW)).toBe("");
    expect(deniedProfileOfClient(ix, "dev-and-any", db, "db-write", NOW)).toBe("anywhere");
  });

  it("has nothing to name for a client without profiles or with only an expired grant of another scope", () => {
    expect(deniedProfileOfClient(ix, "nobody", db, "db-read", NOW)).toBe("");
    expect(deniedProfileOfClient(ix, "expired", db, "db-read", NOW)).toBe("");
  });
});
