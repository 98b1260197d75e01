// Five weeks of one company's history, as the demo accounts lived it through
// the real workflow (./demo-workflow.ts): who proposed each change, who
// reviewed it and how it ended. Catalog and standing access are set up five
// weeks ago (profiles more than 30 days back, so drift's unused-scope check has
// something to judge); a reverted change, a rejected one, a temporary one that
// expired, an incident under the emergency rule and an offboarding come later;
// two requests still wait for review. Expiries that must lie ahead (temporary
// grants, expiring profiles and credentials) stay relative to `now`.
import type { OperationInput } from "../changes/operations";
import * as data from "./demo-data";
import { bind, bootstrapOps, clientOps, clientsOf, credentialOps, grantOps, pipelineOps, profileOps, resourceOps } from "./demo-ops";
import { bindingId, clientId, credentialId, profileId, scopeId } from "./ids";
import { workdayAt } from "./timeline";

export type DemoEmail = (typeof data.demoUsers)[number]["email"];

/** `at`: [working days ago, "HH:MM" UTC]; steps are listed in time order. */
type At = readonly [number, string];

export type ChangeStep = {
  kind: "change";
  at: At;
  by: DemoEmail;
  title: string;
  reason: string;
  operations: OperationInput[];
  /** a temporary change: undone at [working days ago, "HH:MM"] */
  expiresAt?: At;
  /** applied first by an admin under the emergency rule; `confirmedBy` reviews it after the fact */
  emergency?: { confirmedBy?: DemoEmail; at?: At };
  /** how the review ends (default: approved and applied); "waiting" keeps it open with `approvedBy` so far */
  outcome?: { rejectedBy: DemoEmail; comment: string } | { waiting: true; approvedBy?: DemoEmail[] };
};
export type RevertStep = { kind: "revert"; at: At; by: DemoEmail; of: string; reason: string };
export type ExpiryStep = { kind: "expiry"; at: At };
/** A trusted OIDC issuer for token exchange (an admin setting, not a catalog change). */
export type IssuerStep = { kind: "issuer"; at: At; by: DemoEmail; name: string; issuer: string; audience: string; jwksUri: string };
/** An access review campaign, left in progress with some bindings decided. */
export type AccessReviewStep = { kind: "accessReview"; at: At; by: DemoEmail; name: string; domain: string; decisions: { by: DemoEmail; client: string; profile: string; decision: "confirm" | "revoke"; comment?: string }[] };
export type Step = ChangeStep | RevertStep | ExpiryStep | IssuerStep | AccessReviewStep;

const change = (at: At, by: DemoEmail, title: string, reason: string, operations: OperationInput[], extra: Partial<ChangeStep> = {}): ChangeStep => ({
  kind: "change",
  at,
  by,
  title,
  reason,
  operations,
  ...extra,
});

const admin = "admin@perimeter.local";
const editor = "editor@perimeter.local";
const approver = "approver@perimeter.local";
const ben = "ben.walker@perimeter.local";

/** When the demo accounts were created: just before the first change. */
export const accountsCreated: At = [25, "09:05"];

export function demoHistory(now: Date): Step[] {
  return [
    change([25, "09:40"], admin, "Bootstrap environments and domains", "Initial layout: prod (protected), staging, dev; one domain per owning team.", bootstrapOps()),
    change([25, "11:15"], editor, "Register payments infrastructure", "Orders, ledger, gateway and settlement resources with their standard scopes.", resourceOps("payments")),
    change([25, "14:30"], editor, "Onboard search services", "Search index, API, indexer and cluster.", resourceOps("search")),
    change([24, "10:05"], admin, "Register platform infrastructure", "Clusters, VPCs, edge ingress, artifacts and secrets.", resourceOps("platform")),
    change([24, "15:20"], editor, "Access profiles for payments", "Deploy, runtime and read-only profiles agreed with the payments team.", profileOps("payments", now)),
    change([23, "09:50"], editor, "Access profiles for search", "Deploy, indexing and query profiles.", profileOps("search", now)),
    change([23, "13:35"], admin, "Platform, Terraform and break-glass profiles", "Infrastructure automation and emergency access.", profileOps("platform", now)),
    change([23, "16:10"], editor, "Register service clients", "Runtime identities of every service, bound to their profiles.", clientOps(clientsOf("service"))),
    change([22, "10:20"], editor, "Register scheduled jobs", "Batch jobs moved off shared credentials.", clientOps(clientsOf("job"))),
    {
      kind: "issuer",
      at: [21, "10:40"],
      by: admin,
      name: "github-actions",
      issuer: "https://token.actions.githubusercontent.com",
      audience: "https://github.com/acme",
      jwksUri: "https://token.actions.githubusercontent.com/.well-known/jwks",
    },
    change([21, "11:00"], editor, "CI pipelines for orders", "GitHub Actions OIDC for the payments repositories; main deploys to prod.", pipelineOps(["payments"])),
    change([20, "14:45"], admin, "CI pipelines for search and platform", "GitHub Actions OIDC for search and infrastructure repositories.", pipelineOps(["search", "platform"])),
    change([19, "09:30"], admin, "Onboard engineers", "Console and CLI access for the three teams.", clientOps(clientsOf("human"))),
    change([18, "15:00"], admin, "Provisioning keys for Terraform and agents", "Keys for automation that cannot use OIDC.", [...clientOps(clientsOf("key")), ...credentialOps("provisioning_key", now)]),
    change([17, "10:40"], editor, "Client secrets for services", "Client-credentials grant for services outside the cluster.", credentialOps("secret", now)),
    change([15, "10:10"], editor, "Longer tokens for read-only orders access", "Analysts' notebooks run for hours; 2 h tokens would save re-authentication.", [
      { entity: "profile", kind: "update", id: profileId("orders-readonly-prod"), data: { maxTokenLifetimeSeconds: 7200 } },
    ]),
    { kind: "revert", at: [14, "09:30"], by: approver, of: "Longer tokens for read-only orders access", reason: "Security review: read-only production access keeps the 1 h standard; notebooks should refresh." },
    change([12, "16:05"], editor, "Let svc-recommendations administer the search index", "Recommendations wants to create its own index aliases.", [bind("svc-recommendations", "search-cluster-admin-prod", { reason: "index aliases" })], {
      outcome: { rejectedBy: ben, comment: "Cluster admin is far more than aliases need; the search team will create them. Use search-readonly-prod." },
    }),
    change([11, "11:25"], editor, "Let payments DBAs rotate orders-db credentials", "Rotation moved from the platform team to the payments DBAs.", [
      { entity: "profile", kind: "update", id: profileId("payments-dba-prod"), data: { addScopeIds: [scopeId("prod", "orders-db", "rotate")] } },
    ]),
    change([9, "10:00"], editor, "Reindex rights for farid.haddad during the catalog migration", "One-off full reindex while the product catalog moves; ends with the migration window.", [
      bind("farid.haddad", "search-indexer-prod", { reason: "catalog migration reindex" }),
    ], { expiresAt: [8, "18:00"] }),
    { kind: "expiry", at: [8, "18:00"] },
    change([7, "14:10"], editor, "Shorten token lifetime for search-indexer-staging", "Align staging with the 30-minute production standard.", [
      { entity: "profile", kind: "update", id: profileId("search-indexer-staging"), data: { maxTokenLifetimeSeconds: 1800 } },
    ]),
    // paged at night: applied under the emergency rule, confirmed in the morning
    change([3, "03:12"], admin, "Temporary access for incident INC-2041", "Checkout latency spike; read-only triage for the on-call responders until the incident is closed.", grantOps(data.incidentGrants, now), {
      emergency: { confirmedBy: approver, at: [3, "09:20"] },
    }),
    change([2, "10:30"], editor, "Ledger access for the Q3 audit", "Read access for the audit fieldwork; it ends with the fieldwork.", grantOps(data.auditGrants, now)),
    change([2, "17:05"], admin, "Offboard contractor quentin.dubois", "Contract ended; suspend and remove production bastion access.", [
      { entity: "client", kind: "update", id: clientId("quentin.dubois"), data: { status: "suspended" } },
      { entity: "binding", kind: "delete", id: bindingId("quentin.dubois", "bastion-access-prod") },
    ]),
    {
      kind: "accessReview",
      at: [1, "09:00"],
      by: admin,
      name: "Q4 access review: payments",
      domain: "payments",
      decisions: [
        { by: approver, client: "alice.martin", profile: "orders-readonly-prod", decision: "confirm" },
        { by: approver, client: "bob.nguyen", profile: "orders-readonly-prod", decision: "confirm" },
        { by: approver, client: "carla.rossi", profile: "payments-dba-prod", decision: "confirm", comment: "DBA on call rota" },
        { by: approver, client: "svc-notifications", profile: "orders-readonly-prod", decision: "revoke", comment: "Reads order events from the queue now" },
      ],
    },
    // an emergency change still waiting for its after-the-fact review
    change([1, "14:20"], admin, "Suspend svc-recommendations after secret exposure", "Client secret was printed in a build log; suspend and revoke until it is redeployed.", [
      { entity: "client", kind: "update", id: clientId("svc-recommendations"), data: { status: "suspended" } },
      { entity: "credential", kind: "update", id: credentialId("svc-recommendations"), data: { revoke: true } },
    ], { emergency: {} }),
    // waiting for review: critical (two approvals, one by a payments owner: ana.costa), one approval so far
    change([1, "16:30"], editor, "Let ci-ledger post ledger entries in production", "Move ledger deployments' data migrations into the pipeline.", [
      bind("ci-ledger", "ledger-writer-prod", { reason: "ledger migrations from CI" }),
    ], { outcome: { waiting: true, approvedBy: [approver] } }),
    change([1, "17:10"], editor, "Search API reads index snapshots", "Serve stale results from the latest snapshot while the cluster is upgraded.", [
      { entity: "profile", kind: "update", id: profileId("search-api-service-prod"), data: { addScopeIds: [scopeId("prod", "search-snapshots", "read")] } },
    ], { outcome: { waiting: true } }),
  ];
}

export const when = (now: Date, at: At) => workdayAt(now, ...at);

/** The planned steps with their instants (what the history intends, before any review outcome). */
export function timedHistory(now: Date): { at: Date; title: string; operations: OperationInput[] }[] {
  return demoHistory(now).map((s) => ({
    at: when(now, s.at),
    title: s.kind === "change" ? s.title : s.kind === "revert" ? `Revert: ${s.of}` : s.kind === "issuer" ? `Trust ${s.name}` : s.kind === "accessReview" ? s.name : "expiry",
    operations: s.kind === "change" ? s.operations : [],
  }));
}
