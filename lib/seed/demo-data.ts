// The demo catalog as data: one fictional company ("acme") with three domains
// across prod, staging and dev. lib/seed/demo.ts turns these tables into
// change requests; nothing here touches the database.
import type { Role } from "../auth/permissions";
import type { clientKinds, criticalities, resourceKinds } from "../catalog/schemas";

export type EnvName = "prod" | "staging" | "dev";
export type DomainName = "payments" | "search" | "platform";
type Criticality = (typeof criticalities)[number];

export const demoUsers: { email: string; name: string; role: Role }[] = [
  { email: "admin@perimeter.local", name: "Demo Admin", role: "admin" },
  { email: "approver@perimeter.local", name: "Demo Approver", role: "approver" },
  { email: "editor@perimeter.local", name: "Demo Editor", role: "editor" },
  { email: "viewer@perimeter.local", name: "Demo Viewer", role: "viewer" },
  { email: "ana.costa@perimeter.local", name: "Ana Costa", role: "approver" },
  { email: "ben.walker@perimeter.local", name: "Ben Walker", role: "approver" },
  { email: "chris.osei@perimeter.local", name: "Chris Osei", role: "approver" },
];

export const environments = [
  { name: "prod", displayName: "Production", protection: "protected", rank: 0 },
  { name: "staging", displayName: "Staging", protection: "none", rank: 1 },
  { name: "dev", displayName: "Development", protection: "none", rank: 2 },
] as const;

export const domains: { name: DomainName; displayName: string; description: string; ownerEmails: string[] }[] = [
  { name: "payments", displayName: "Payments", description: "Checkout, orders, ledger and settlement", ownerEmails: ["ana.costa@perimeter.local"] },
  { name: "search", displayName: "Search", description: "Product search, indexing and recommendations", ownerEmails: ["ben.walker@perimeter.local"] },
  {
    name: "platform",
    displayName: "Platform",
    description: "Clusters, networks, ingress, secrets and CI infrastructure",
    ownerEmails: ["chris.osei@perimeter.local", "approver@perimeter.local"],
  },
];

/** One resource name, present in the listed environments with the given criticality; `verbs` are custom scopes beyond read/write/admin. */
export type ResourceSpec = {
  name: string;
  kind: (typeof resourceKinds)[number];
  domain: DomainName;
  envs: Partial<Record<EnvName, Criticality>>;
  description: string;
  verbs?: string[];
};

export const resources: ResourceSpec[] = [
  // payments
  { name: "orders-db", kind: "database", domain: "payments", envs: { prod: "critical", staging: "medium", dev: "low" }, description: "PostgreSQL holding order state", verbs: ["rotate"] },
  { name: "orders-api", kind: "ingress", domain: "payments", envs: { prod: "high", staging: "medium", dev: "low" }, description: "Public orders REST API route", verbs: ["deploy"] },
  { name: "orders-worker", kind: "compute", domain: "payments", envs: { prod: "high", staging: "medium" }, description: "Order fulfilment workers" },
  { name: "ledger-db", kind: "database", domain: "payments", envs: { prod: "critical", staging: "medium" }, description: "Double-entry ledger (append-only)", verbs: ["rotate"] },
  { name: "payments-gateway", kind: "ingress", domain: "payments", envs: { prod: "critical", staging: "high" }, description: "Card processor gateway route" },
  { name: "payments-vault", kind: "storage", domain: "payments", envs: { prod: "critical" }, description: "Tokenised card data vault" },
  { name: "fraud-scorer", kind: "compute", domain: "payments", envs: { prod: "high", staging: "low" }, description: "Real-time fraud scoring model servers" },
  { name: "settlement-bucket", kind: "storage", domain: "payments", envs: { prod: "high" }, description: "Daily settlement files for the acquirer" },
  // search
  { name: "search-index", kind: "database", domain: "search", envs: { prod: "high", staging: "medium", dev: "low" }, description: "OpenSearch product index", verbs: ["reindex"] },
  { name: "search-api", kind: "ingress", domain: "search", envs: { prod: "high", staging: "medium", dev: "low" }, description: "Search query API route", verbs: ["deploy"] },
  { name: "search-indexer", kind: "compute", domain: "search", envs: { prod: "medium", staging: "low" }, description: "Catalog-to-index pipeline workers" },
  { name: "search-cluster", kind: "cluster", domain: "search", envs: { prod: "high" }, description: "Dedicated OpenSearch cluster nodes" },
  { name: "query-cache", kind: "database", domain: "search", envs: { prod: "medium" }, description: "Redis cache of hot queries" },
  { name: "search-snapshots", kind: "storage", domain: "search", envs: { prod: "medium" }, description: "Index snapshots for restore" },
  // platform
  { name: "k8s-prod-eu1", kind: "cluster", domain: "platform", envs: { prod: "critical" }, description: "Production Kubernetes, eu-west-1", verbs: ["deploy"] },
  { name: "k8s-prod-us1", kind: "cluster", domain: "platform", envs: { prod: "critical" }, description: "Production Kubernetes, us-east-1", verbs: ["deploy"] },
  { name: "k8s-staging-eu1", kind: "cluster", domain: "platform", envs: { staging: "medium" }, description: "Staging Kubernetes, eu-west-1", verbs: ["deploy"] },
  { name: "k8s-dev-eu1", kind: "cluster", domain: "platform", envs: { dev: "low" }, description: "Shared development Kubernetes", verbs: ["deploy"] },
  { name: "vpc-core", kind: "network", domain: "platform", envs: { prod: "critical" }, description: "Core production VPC and peering" },
  { name: "vpc-staging", kind: "network", domain: "platform", envs: { staging: "medium" }, description: "Staging VPC" },
  { name: "vpc-dev", kind: "network", domain: "platform", envs: { dev: "low" }, description: "Development VPC" },
  { name: "edge-ingress", kind: "ingress", domain: "platform", envs: { prod: "critical", staging: "medium" }, description: "Edge load balancers and TLS termination" },
  { name: "artifact-bucket", kind: "storage", domain: "platform", envs: { prod: "high" }, description: "Build artifacts and container images" },
  { name: "secrets-vault", kind: "storage", domain: "platform", envs: { prod: "critical" }, description: "Central secrets store", verbs: ["rotate"] },
  { name: "bastion", kind: "compute", domain: "platform", envs: { prod: "high" }, description: "SSH bastion hosts" },
  { name: "metrics-db", kind: "database", domain: "platform", envs: { prod: "medium" }, description: "Prometheus long-term storage" },
  // a legacy catch-all scope, so the findings page has one to show
  { name: "ci-runners", kind: "compute", domain: "platform", envs: { dev: "low" }, description: "Self-hosted CI runner pool", verbs: ["*"] },
];

/** The scopes every resource gets: read, write, admin, then its own verbs. */
export const scopeActions = (r: ResourceSpec): string[] => ["read", "write", "admin", ...(r.verbs ?? [])];

/** `scopes` entries are "resource:action[,action…]", resolved in the profile's environment. */
export type ProfileSpec = {
  name: string;
  env: EnvName;
  domain: DomainName;
  lifetime: number;
  scopes: string[];
  description: string;
  /** days from the seed's `now` */
  expiresInDays?: number;
};

const P = (name: string, env: EnvName, domain: DomainName, lifetime: number, scopes: string[], description: string, expiresInDays?: number): ProfileSpec => ({
  name, env, domain, lifetime, scopes, description, ...(expiresInDays ? { expiresInDays } : {}),
});

export const profiles: ProfileSpec[] = [
  P("deploy-orders-prod", "prod", "payments", 900, ["orders-api:read,deploy", "orders-worker:read,write", "k8s-prod-eu1:deploy"], "Deploy orders API and workers to production"),
  P("deploy-orders-staging", "staging", "payments", 1800, ["orders-api:read,deploy", "orders-worker:read,write", "k8s-staging-eu1:deploy"], "Deploy orders to staging"),
  P("orders-readonly-prod", "prod", "payments", 3600, ["orders-db:read", "orders-api:read"], "Read orders for support and analytics"),
  P("orders-service-prod", "prod", "payments", 3600, ["orders-db:read,write", "ledger-db:read", "payments-gateway:read"], "Runtime access of the orders service"),
  P("checkout-service-prod", "prod", "payments", 900, ["orders-api:read,write", "payments-gateway:read,write", "payments-vault:read"], "Runtime access of checkout"),
  P("ledger-writer-prod", "prod", "payments", 900, ["ledger-db:read,write", "settlement-bucket:write"], "Post ledger entries"),
  P("ledger-readonly-prod", "prod", "payments", 3600, ["ledger-db:read", "settlement-bucket:read"], "Read the ledger and settlement files"),
  P("payments-dba-prod", "prod", "payments", 900, ["orders-db:admin", "ledger-db:admin,rotate"], "Database administration for payments", 30),
  P("fraud-scoring-prod", "prod", "payments", 3600, ["fraud-scorer:read,write", "orders-db:read"], "Score orders for fraud"),
  P("reconcile-job-prod", "prod", "payments", 7200, ["ledger-db:read", "orders-db:read", "settlement-bucket:read,write"], "Nightly reconciliation of orders and ledger"),
  P("orders-staging-rw", "staging", "payments", 3600, ["orders-db:read,write", "ledger-db:read,write", "payments-gateway:read"], "Read-write on payments staging data"),
  P("payments-dev", "dev", "payments", 28800, ["orders-db:read,write,admin", "orders-api:read,write,deploy"], "Everything payments in dev"),
  P("deploy-search-prod", "prod", "search", 900, ["search-api:read,deploy", "search-indexer:read,write", "k8s-prod-eu1:deploy"], "Deploy search API and indexer to production"),
  P("deploy-search-staging", "staging", "search", 1800, ["search-api:read,deploy", "search-indexer:read,write", "k8s-staging-eu1:deploy"], "Deploy search to staging"),
  P("search-readonly-prod", "prod", "search", 3600, ["search-api:read", "search-index:read"], "Query production search"),
  P("search-indexer-prod", "prod", "search", 3600, ["search-index:read,write,reindex", "search-snapshots:write", "orders-db:read"], "Index the product catalog"),
  P("search-indexer-staging", "staging", "search", 3600, ["search-index:read,write,reindex"], "Index the staging catalog"),
  P("search-api-service-prod", "prod", "search", 3600, ["search-index:read", "query-cache:read,write"], "Runtime access of the search API"),
  P("search-cluster-admin-prod", "prod", "search", 900, ["search-cluster:admin", "search-index:admin"], "Cluster maintenance during the OpenSearch upgrade", 14),
  P("search-dev", "dev", "search", 28800, ["search-index:read,write,admin,reindex", "search-api:read,write,deploy"], "Everything search in dev"),
  // deliberately risky: admin on production infrastructure, no expiry, long tokens
  P("platform-breakglass-prod", "prod", "platform", 14400, ["k8s-prod-eu1:admin", "k8s-prod-us1:admin", "vpc-core:admin", "edge-ingress:admin", "secrets-vault:admin"], "Break-glass administration of production"),
  P("terraform-apply-prod", "prod", "platform", 3600, ["vpc-core:admin", "k8s-prod-eu1:admin", "k8s-prod-us1:admin", "edge-ingress:admin", "artifact-bucket:admin"], "Terraform apply for production infrastructure"),
  P("terraform-plan-prod", "prod", "platform", 1800, ["vpc-core:read", "k8s-prod-eu1:read", "k8s-prod-us1:read", "edge-ingress:read", "artifact-bucket:read"], "Terraform plan (read-only) for production"),
  P("terraform-apply-staging", "staging", "platform", 3600, ["vpc-staging:admin", "k8s-staging-eu1:admin", "edge-ingress:admin"], "Terraform apply for staging"),
  P("artifact-publisher", "prod", "platform", 900, ["artifact-bucket:read,write"], "Publish build artifacts and images"),
  P("secrets-rotation-prod", "prod", "platform", 900, ["secrets-vault:read,rotate"], "Rotate production secrets"),
  P("observability-reader-prod", "prod", "platform", 3600, ["metrics-db:read", "k8s-prod-eu1:read", "k8s-prod-us1:read", "vpc-core:read"], "Read metrics and cluster state"),
  P("bastion-access-prod", "prod", "platform", 3600, ["bastion:read,write"], "SSH through the production bastion"),
  P("edge-ingress-operator-prod", "prod", "platform", 3600, ["edge-ingress:read,write", "vpc-core:read"], "Manage routes and certificates at the edge"),
  P("k8s-operator-staging", "staging", "platform", 3600, ["k8s-staging-eu1:read,write,deploy"], "Operate the staging cluster"),
  P("platform-dev", "dev", "platform", 28800, ["k8s-dev-eu1:read,write,admin,deploy", "vpc-dev:read,write", "ci-runners:read,write,admin"], "Everything platform in dev"),
  P("ci-runner-dev", "dev", "platform", 3600, ["ci-runners:read,write", "k8s-dev-eu1:deploy"], "CI runners deploying to dev"),
  P("incident-responder-prod", "prod", "platform", 3600, ["orders-db:read", "orders-api:read", "payments-gateway:read", "k8s-prod-eu1:read", "edge-ingress:read", "metrics-db:read"], "Read-only triage of production incidents"),
];

type ClientKind = (typeof clientKinds)[number];
/** [name, kind, domain, profiles bound at creation, description, status] */
export type ClientSpec = [string, ClientKind, DomainName, string[], string, ("suspended" | undefined)?];

export const clients: ClientSpec[] = [
  // people (signed in through OIDC)
  ["alice.martin", "human", "payments", ["orders-readonly-prod", "orders-staging-rw", "payments-dev"], "Payments tech lead"],
  ["bob.nguyen", "human", "payments", ["orders-readonly-prod", "payments-dev"], "Payments engineer"],
  ["carla.rossi", "human", "payments", ["payments-dba-prod", "ledger-readonly-prod"], "Payments DBA"],
  ["deepak.iyer", "human", "payments", ["orders-readonly-prod", "ledger-readonly-prod", "observability-reader-prod"], "Payments SRE"],
  ["marco.bianchi", "human", "payments", ["payments-dev"], "Payments engineer"],
  ["nina.petrova", "human", "payments", [], "Finance analyst"],
  ["emma.schulz", "human", "search", ["search-readonly-prod", "search-dev"], "Search engineer"],
  ["farid.haddad", "human", "search", ["search-dev", "search-indexer-staging"], "Search engineer"],
  ["grace.okafor", "human", "search", ["search-readonly-prod", "search-cluster-admin-prod"], "Search tech lead"],
  ["omar.said", "human", "search", ["search-dev"], "Search engineer"],
  ["hiro.tanaka", "human", "platform", ["observability-reader-prod", "bastion-access-prod", "platform-dev"], "Platform SRE"],
  ["ines.duarte", "human", "platform", ["platform-breakglass-prod", "observability-reader-prod"], "Platform SRE lead"],
  ["jonas.berg", "human", "platform", ["platform-dev", "terraform-plan-prod"], "Platform engineer"],
  ["kim.larsen", "human", "platform", ["observability-reader-prod", "secrets-rotation-prod"], "Security engineer"],
  ["leila.amrani", "human", "platform", ["ledger-readonly-prod", "search-readonly-prod"], "Security analyst"],
  ["priya.sharma", "human", "platform", ["observability-reader-prod"], "Platform engineering manager"],
  ["quentin.dubois", "human", "platform", ["platform-dev", "bastion-access-prod"], "Contractor, network migration"],
  // services
  ["svc-checkout", "service", "payments", ["checkout-service-prod"], "Checkout service"],
  ["svc-orders", "service", "payments", ["orders-service-prod"], "Orders service"],
  ["svc-ledger", "service", "payments", ["ledger-writer-prod"], "Ledger service"],
  ["svc-payments-gateway", "service", "payments", ["ledger-writer-prod", "orders-readonly-prod"], "Card processor adapter"],
  ["svc-fraud", "service", "payments", ["fraud-scoring-prod"], "Fraud decision service"],
  ["svc-notifications", "service", "payments", ["orders-readonly-prod"], "Order e-mails and push notifications"],
  ["svc-billing", "service", "payments", ["ledger-readonly-prod", "orders-readonly-prod"], "Invoicing"],
  ["svc-orders-staging", "service", "payments", ["orders-staging-rw"], "Orders service (staging)"],
  ["svc-search-api", "service", "search", ["search-api-service-prod"], "Search query service"],
  ["svc-search-indexer", "service", "search", ["search-indexer-prod"], "Streaming indexer"],
  ["svc-search-staging", "service", "search", ["search-indexer-staging"], "Search stack (staging)"],
  ["svc-recommendations", "service", "search", ["search-readonly-prod"], "Product recommendations"],
  ["svc-metrics-collector", "service", "platform", ["observability-reader-prod"], "Metrics scraper"],
  ["svc-ingress-controller", "service", "platform", ["edge-ingress-operator-prod"], "Kubernetes ingress controller"],
  ["svc-dns-sync", "service", "platform", ["edge-ingress-operator-prod"], "Syncs DNS records with ingress routes"],
  ["svc-cost-explorer", "service", "platform", ["observability-reader-prod"], "Cloud cost dashboards"],
  // scheduled jobs
  ["job-nightly-reconcile", "job", "payments", ["reconcile-job-prod"], "Reconciles orders against the ledger at 02:00"],
  ["job-settlement-export", "job", "payments", ["reconcile-job-prod", "ledger-readonly-prod"], "Exports settlement files"],
  ["job-ledger-backup", "job", "payments", ["ledger-readonly-prod"], "Logical backups of the ledger"],
  ["job-fraud-retrain", "job", "payments", ["fraud-scoring-prod"], "Weekly fraud model retraining"],
  ["job-search-reindex", "job", "search", ["search-indexer-prod"], "Full nightly reindex"],
  ["job-search-snapshot", "job", "search", ["search-indexer-prod"], "Hourly index snapshots"],
  ["job-staging-reindex", "job", "search", ["search-indexer-staging"], "Reindex staging after data refresh"],
  ["job-cert-renewal", "job", "platform", ["edge-ingress-operator-prod"], "Renews edge TLS certificates"],
  ["job-secrets-rotation", "job", "platform", ["secrets-rotation-prod"], "Rotates database passwords monthly"],
  ["job-cost-report", "job", "platform", ["observability-reader-prod"], "Weekly cost report"],
  ["job-log-compaction", "job", "platform", [], "Compacts log indices (no catalog access yet)"],
  // CI/CD pipelines
  ["ci-orders", "pipeline", "payments", ["deploy-orders-prod", "deploy-orders-staging", "artifact-publisher"], "acme/orders GitHub Actions"],
  ["ci-ledger", "pipeline", "payments", ["artifact-publisher"], "acme/ledger GitHub Actions"],
  ["ci-payments-gateway", "pipeline", "payments", ["artifact-publisher"], "acme/payments-gateway GitHub Actions"],
  ["ci-fraud-scorer", "pipeline", "payments", ["artifact-publisher", "payments-dev"], "acme/fraud-scorer GitHub Actions"],
  ["ci-search", "pipeline", "search", ["deploy-search-prod", "deploy-search-staging", "artifact-publisher"], "acme/search GitHub Actions"],
  ["ci-search-indexer", "pipeline", "search", ["deploy-search-staging", "artifact-publisher"], "acme/search-indexer GitHub Actions"],
  ["ci-platform-infra", "pipeline", "platform", ["terraform-plan-prod", "terraform-apply-staging"], "acme/infrastructure GitHub Actions"],
  ["ci-k8s-manifests", "pipeline", "platform", ["ci-runner-dev", "k8s-operator-staging"], "acme/k8s-manifests GitHub Actions"],
  ["ci-artifacts", "pipeline", "platform", ["artifact-publisher"], "Shared image build pipeline"],
  ["ci-integration-tests", "pipeline", "platform", ["ci-runner-dev", "payments-dev", "search-dev"], "Nightly end-to-end tests in dev"],
  // provisioning keys
  ["key-terraform-prod", "key", "platform", ["terraform-apply-prod"], "Terraform Cloud workspace prod"],
  ["key-terraform-staging", "key", "platform", ["terraform-apply-staging"], "Terraform Cloud workspace staging"],
  ["key-ansible-bastion", "key", "platform", ["bastion-access-prod"], "Ansible runs through the bastion"],
  ["key-backup-agent", "key", "platform", ["ledger-readonly-prod"], "Backup agent on the database hosts"],
  ["key-monitoring-agent", "key", "platform", ["observability-reader-prod"], "Node monitoring agent"],
  ["key-legacy-importer", "key", "payments", ["orders-service-prod"], "Legacy order importer, being retired", "suspended"],
];

const GITHUB = "https://token.actions.githubusercontent.com";

/** OIDC claim rules for GitHub Actions: [name, conditions, profile, client] */
export const claimRules: { name: string; issuer: string; conditions: Record<string, string>; profile: string; client: string }[] = [
  { name: "gha-orders-main", issuer: GITHUB, conditions: { repository: "acme/orders", ref: "refs/heads/main" }, profile: "deploy-orders-prod", client: "ci-orders" },
  { name: "gha-orders-release", issuer: GITHUB, conditions: { repository: "acme/orders", ref: "refs/heads/release/*" }, profile: "deploy-orders-staging", client: "ci-orders" },
  { name: "gha-search-main", issuer: GITHUB, conditions: { repository: "acme/search", ref: "refs/heads/main", environment: "production" }, profile: "deploy-search-prod", client: "ci-search" },
  { name: "gha-search-branches", issuer: GITHUB, conditions: { repository: "acme/search", ref: "refs/heads/*" }, profile: "deploy-search-staging", client: "ci-search" },
  { name: "gha-infra-plan", issuer: GITHUB, conditions: { repository: "acme/infrastructure", event_name: "pull_request" }, profile: "terraform-plan-prod", client: "ci-platform-infra" },
  { name: "gha-infra-apply-staging", issuer: GITHUB, conditions: { repository: "acme/infrastructure", ref: "refs/heads/main" }, profile: "terraform-apply-staging", client: "ci-platform-infra" },
];

/** Credentials: [client, kind, label, days from the seed's `now` until expiry] */
export const credentials: [string, "secret" | "provisioning_key", string, number?][] = [
  ["svc-checkout", "secret", "primary", 90],
  ["svc-orders", "secret", "primary", 90],
  ["svc-ledger", "secret", "primary"],
  ["svc-search-api", "secret", "primary", 180],
  ["svc-recommendations", "secret", "primary"],
  ["key-terraform-prod", "provisioning_key", "terraform-cloud"],
  ["key-terraform-staging", "provisioning_key", "terraform-cloud", 365],
];

/** Temporary grants: [client, profile, hours from the seed's `now` until expiry (granted days earlier: see demo.ts), reason] */
export const incidentGrants: [string, string, number, string][] = [
  ["hiro.tanaka", "incident-responder-prod", 6, "INC-2041: checkout latency spike, triage"],
  ["deepak.iyer", "incident-responder-prod", 6, "INC-2041: on-call payments SRE"],
  ["carla.rossi", "orders-readonly-prod", 6, "INC-2041: inspect stuck orders"],
];
export const auditGrants: [string, string, number, string][] = [
  ["nina.petrova", "ledger-readonly-prod", 48, "Q3 ledger audit with external auditors"],
  ["leila.amrani", "orders-readonly-prod", 48, "Q3 ledger audit: order sampling"],
];
