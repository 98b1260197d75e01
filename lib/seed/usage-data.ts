// How the demo clients use their access, as data: a rhythm per client (by
// kind, with exceptions), the grants nobody uses (so drift and usage have
// something to find, but not everything), and a few denials. ./usage.ts turns
// it into decision aggregates.
import type { EnvName } from "./demo-data";

export type Rhythm =
  /** always on: reads every day, other actions on some days */
  | { kind: "service" }
  /** a scheduled run at `hour` UTC, every day or on the listed weekdays (0 = Sunday) or days of the month */
  | { kind: "schedule"; hour: number; weekdays?: number[]; monthDays?: number[] }
  /** CI and automation: runs on a share of working days, in working hours */
  | { kind: "ci"; chance: number }
  /** a person: on a share of working days, mostly reading */
  | { kind: "person"; chance: number }
  /** holds access, never uses it */
  | { kind: "idle" };

export const rhythmByKind: Record<string, Rhythm> = {
  service: { kind: "service" },
  job: { kind: "schedule", hour: 2 },
  pipeline: { kind: "ci", chance: 0.6 },
  human: { kind: "person", chance: 0.25 },
  key: { kind: "service" },
};

export const rhythms: Record<string, Rhythm> = {
  "job-settlement-export": { kind: "schedule", hour: 5 },
  "job-ledger-backup": { kind: "schedule", hour: 1 },
  "job-fraud-retrain": { kind: "schedule", hour: 3, weekdays: [0] },
  "job-search-reindex": { kind: "schedule", hour: 0 },
  "job-search-snapshot": { kind: "service" },
  "job-staging-reindex": { kind: "schedule", hour: 6, weekdays: [1, 4] },
  "job-cert-renewal": { kind: "schedule", hour: 4 },
  "job-secrets-rotation": { kind: "schedule", hour: 3, monthDays: [1, 15] },
  "job-cost-report": { kind: "schedule", hour: 6, weekdays: [1] },
  "ci-integration-tests": { kind: "schedule", hour: 22 },
  "ci-platform-infra": { kind: "ci", chance: 0.8 },
  "ci-artifacts": { kind: "ci", chance: 0.9 },
  "key-terraform-prod": { kind: "ci", chance: 0.3 },
  // replaced by the OIDC pipeline (gha-infra-apply-staging): its key lies unused
  "key-terraform-staging": { kind: "idle" },
  "key-ansible-bastion": { kind: "ci", chance: 0.8 },
  "key-backup-agent": { kind: "schedule", hour: 1 },
  "priya.sharma": { kind: "person", chance: 0.1 },
  "hiro.tanaka": { kind: "person", chance: 0.4 },
  "nina.petrova": { kind: "person", chance: 0.9 },
  "leila.amrani": { kind: "person", chance: 0.5 },
};

/** Scopes no holder of the profile ever uses ("*": none of them). */
export const neverUsed: Record<string, string[]> = {
  "platform-breakglass-prod": ["*"],
  "terraform-apply-prod": ["artifact-bucket:admin"],
  "payments-dba-prod": ["orders-db:admin"],
  "search-cluster-admin-prod": ["search-index:admin"],
  "payments-dev": ["orders-db:admin"],
  "search-dev": ["search-index:admin"],
  "platform-dev": ["ci-runners:admin", "vpc-dev:write"],
  "orders-staging-rw": ["ledger-db:write"],
  "incident-responder-prod": ["payments-gateway:read"],
};

/**
 * Refused decisions: a client asking for a scope it does not hold (or holds
 * while suspended), counted against the scope and, as the decision API does
 * (lib/decisions/attribute.ts), the one profile that could have answered.
 */
export type Denial = {
  client: string;
  scope: [EnvName, string, string];
  profile: string | null;
  rhythm: Rhythm;
  /** from the client's creation, or from its suspension */
  from: "created" | "suspended";
};

export const denials: Denial[] = [
  // a release briefly tried to write order status itself
  { client: "svc-notifications", scope: ["prod", "orders-db", "write"], profile: "orders-readonly-prod", rhythm: { kind: "person", chance: 0.15 }, from: "created" },
  // staging's deploy job pointed at the production cluster
  { client: "ci-search-indexer", scope: ["prod", "k8s-prod-eu1", "deploy"], profile: "artifact-publisher", rhythm: { kind: "person", chance: 0.1 }, from: "created" },
  { client: "bob.nguyen", scope: ["prod", "orders-db", "write"], profile: "orders-readonly-prod", rhythm: { kind: "person", chance: 0.05 }, from: "created" },
  { client: "jonas.berg", scope: ["prod", "k8s-prod-eu1", "deploy"], profile: "terraform-plan-prod", rhythm: { kind: "person", chance: 0.05 }, from: "created" },
  // still running somewhere after its suspension
  { client: "key-legacy-importer", scope: ["prod", "orders-db", "write"], profile: "orders-service-prod", rhythm: { kind: "schedule", hour: 1 }, from: "suspended" },
  { client: "svc-recommendations", scope: ["prod", "search-index", "read"], profile: "search-readonly-prod", rhythm: { kind: "service" }, from: "suspended" },
];
