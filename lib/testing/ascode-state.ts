// A small catalog state for the unit tests of the file format, diff and assertions.
import type { CatalogState } from "../ascode/format";

export function sampleState(): CatalogState {
  return {
    environments: [
      { name: "prod", protection: "protected", blockingChecks: ["catch-all-scope"], rank: 2 },
      { name: "dev", rank: 0 },
    ],
    issuers: [{ name: "github", issuer: "https://token.actions.githubusercontent.com", audience: "perimeter" }],
    domains: [
      { name: "payments", displayName: "Payments", owners: ["ana.costa@perimeter.local"] },
      { name: "search", description: "Search" },
    ],
    resources: [
      { name: "orders-db", environment: "prod", domain: "payments", kind: "database", criticality: "critical", scopes: [{ action: "read" }, { action: "write" }] },
      { name: "ledger-db", environment: "prod", domain: "payments", kind: "database", scopes: [{ action: "read" }, { action: "write" }] },
      { name: "index", environment: "prod", domain: "search", kind: "cluster", labels: { team: "search" }, scopes: [{ action: "read", description: "query" }] },
    ],
    profiles: [
      { name: "orders-read", domain: "payments", environment: "prod", expiresAt: "2030-01-01T00:00:00.000Z", scopes: ["prod/orders-db:read"] },
      { name: "ledger-write", domain: "payments", environment: "prod", scopes: ["prod/ledger-db:write"] },
      { name: "search-read", domain: "search", environment: "prod", scopes: ["prod/index:read"] },
    ],
    clients: [
      { name: "ci-orders", domain: "payments", kind: "pipeline", bindings: [{ profile: "orders-read" }, { profile: "ledger-write" }] },
      { name: "indexer", domain: "search", kind: "service", bindings: [{ profile: "search-read" }] },
      { name: "alice", domain: null, kind: "human", bindings: [{ profile: "ledger-write", expiresAt: "2030-01-01T00:00:00Z" }] },
    ],
    claimRules: [{ name: "gha-orders", domain: "payments", issuer: "https://token.actions.githubusercontent.com", conditions: { repository: "acme/orders" }, profile: "orders-read", client: "ci-orders" }],
    assertions: [],
  };
}
