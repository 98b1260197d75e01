// Demo data for an empty database: console users, then the catalog of
// demo-data.ts as a history of change requests through the one write path
// (submitChange), so the audit log, change history and profile versions are
// exactly what real use would have produced. The history is spread over the
// last five weeks (./timeline.ts), and ./usage.ts adds the access decisions
// the catalog's clients would have made meanwhile.
import type { Actor } from "../auth/permissions";
import { systemActor } from "../auth/permissions";
import type { OperationInput } from "../changes/operations";
import { submitChange } from "../changes/submit-change";
import type { Db } from "../db/client";
import { createUser } from "../users/create-user";
import * as data from "./demo-data";
import type { ClientSpec, DomainName, EnvName } from "./demo-data";
import { bindingId, clientId, credentialId, domainId, envId, profileId, resourceId, scopeId } from "./ids";
import { workdayAt } from "./timeline";
import { seedUsage } from "./usage";

export type SeedOptions = { password: string; now?: Date; log?: (line: string) => void };

const teamEmail = (domain: string) => `${domain}-team@acme.example`;
const costCenter: Record<DomainName, string> = { payments: "cc-1200", search: "cc-1400", platform: "cc-1000" };

const HOUR = 3_600_000;
/** An expiry `hours` after `now`, rounded up to the hour as a person would set it (so still after `now`). */
const hoursFrom = (now: Date, hours: number) => new Date(Math.ceil((now.getTime() + hours * HOUR) / HOUR) * HOUR).toISOString();

// ---------------------------------------------------------------- builders

function resourceOps(domain: DomainName): OperationInput[] {
  const ops: OperationInput[] = [];
  for (const r of data.resources.filter((x) => x.domain === domain)) {
    for (const [env, criticality] of Object.entries(r.envs) as [EnvName, string][]) {
      const id = resourceId(env, r.name);
      const region = r.name.includes("us1") ? "us-east-1" : "eu-west-1";
      ops.push({
        entity: "resource",
        kind: "create",
        id,
        data: {
          name: r.name,
          kind: r.kind,
          environmentId: envId(env),
          domainId: domainId(domain),
          criticality,
          owner: teamEmail(domain),
          description: r.description,
          labels: { team: domain, region, "cost-center": costCenter[domain] },
        },
      });
      for (const action of data.scopeActions(r)) {
        ops.push({ entity: "scope", kind: "create", id: scopeId(env, r.name, action), data: { resourceId: id, action, description: `${action} on ${env}/${r.name}` } });
      }
    }
  }
  return ops;
}

/** "orders-db:read,write" in env -> the two scope ids */
function scopeIds(env: EnvName, refs: string[]): string[] {
  return refs.flatMap((ref) => {
    const [resource, actions = ""] = ref.split(":");
    return actions.split(",").map((action) => scopeId(env, resource!, action));
  });
}

function profileOps(domain: DomainName, now: Date): OperationInput[] {
  return data.profiles
    .filter((p) => p.domain === domain)
    .map((p) => ({
      entity: "profile",
      kind: "create",
      id: profileId(p.name),
      data: {
        name: p.name,
        description: p.description,
        environmentId: envId(p.env),
        domainId: domainId(p.domain),
        owner: teamEmail(p.domain),
        maxTokenLifetimeSeconds: p.lifetime,
        expiresAt: p.expiresInDays ? hoursFrom(now, p.expiresInDays * 24) : null,
        scopeIds: scopeIds(p.env, p.scopes),
      },
    }));
}

const bind = (client: string, profile: string, extra: { expiresAt?: string; reason?: string } = {}): OperationInput => ({
  entity: "binding",
  kind: "create",
  id: bindingId(client, profile),
  data: { clientId: clientId(client), profileId: profileId(profile), ...extra },
});

const displayName = (name: string, kind: string) =>
  kind === "human" ? name.split(".").map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ") : "";

function clientOps(select: (c: ClientSpec) => boolean): OperationInput[] {
  return data.clients.filter(select).flatMap(([name, kind, domain, profiles, description, status]) => [
    {
      entity: "client",
      kind: "create",
      id: clientId(name),
      data: {
        name,
        displayName: displayName(name, kind),
        kind,
        status: status ?? "active",
        domainId: domainId(domain),
        owner: kind === "human" ? `${name}@acme.example` : teamEmail(domain),
        description,
      },
    } satisfies OperationInput,
    ...profiles.map((profile) => bind(name, profile, { reason: "standing access" })),
  ]);
}

const clientsOf = (kind: string, domains?: DomainName[]) => (c: ClientSpec) => c[1] === kind && (!domains || domains.includes(c[2]));

function claimRuleOps(clients: string[]): OperationInput[] {
  return data.claimRules
    .filter((r) => clients.includes(r.client))
    .map((r) => ({
      entity: "claimRule",
      kind: "create",
      id: `rule-${r.name}`,
      data: {
        name: r.name,
        issuer: r.issuer,
        conditions: r.conditions,
        profileId: profileId(r.profile),
        clientId: clientId(r.client),
        description: `GitHub Actions in ${r.conditions.repository} on ${r.conditions.ref ?? r.conditions.event_name ?? "any ref"}`,
      },
    }));
}

function pipelineOps(domains: DomainName[]): OperationInput[] {
  const pipelines = data.clients.filter(clientsOf("pipeline", domains)).map((c) => c[0]);
  return [...clientOps(clientsOf("pipeline", domains)), ...claimRuleOps(pipelines)];
}

function credentialOps(kind: "secret" | "provisioning_key", now: Date): OperationInput[] {
  return data.credentials
    .filter(([, k]) => k === kind)
    .map(([client, k, label, days]) => ({
      entity: "credential",
      kind: "create",
      id: credentialId(client),
      data: { clientId: clientId(client), kind: k, label, expiresAt: days ? hoursFrom(now, days * 24) : null },
    }));
}

const grantOps = (grants: [string, string, number, string][], now: Date): OperationInput[] =>
  grants.map(([client, profile, hours, reason]) => bind(client, profile, { expiresAt: hoursFrom(now, hours), reason }));

// ---------------------------------------------------------------- history

/** `at`: [working days ago, "HH:MM" UTC]; steps must be listed in time order. */
type Step = { at: readonly [number, string]; by: "admin" | "editor"; title: string; reason: string; operations: OperationInput[] };
export type TimedStep = Omit<Step, "at"> & { at: Date };

/** When the demo accounts were created: just before the first change. */
const accountsCreated = [25, "09:05"] as const;

// Catalog and standing access are set up five weeks ago (the profiles more than
// 30 days ago, so drift's unused-scope check, whose default window is 30 days,
// has something to judge); the incident, the audit and the offboarding are
// recent. Expiries that must lie ahead (temporary grants, expiring profiles and
// credentials) stay relative to `now`, so they are still active after seeding.
function history(now: Date): Step[] {
  const bootstrap: OperationInput[] = [
    ...data.environments.map((e): OperationInput => ({ entity: "environment", kind: "create", id: envId(e.name), data: { ...e } })),
    ...data.domains.map((d): OperationInput => ({ entity: "domain", kind: "create", id: domainId(d.name), data: { ...d } })),
  ];
  return [
    { at: [25, "09:40"], by: "admin", title: "Bootstrap environments and domains", reason: "Initial layout: prod (protected), staging, dev; one domain per owning team.", operations: bootstrap },
    { at: [25, "11:15"], by: "editor", title: "Register payments infrastructure", reason: "Orders, ledger, gateway and settlement resources with their standard scopes.", operations: resourceOps("payments") },
    { at: [25, "14:30"], by: "editor", title: "Onboard search services", reason: "Search index, API, indexer and cluster.", operations: resourceOps("search") },
    { at: [24, "10:05"], by: "admin", title: "Register platform infrastructure", reason: "Clusters, VPCs, edge ingress, artifacts and secrets.", operations: resourceOps("platform") },
    { at: [24, "15:20"], by: "editor", title: "Access profiles for payments", reason: "Deploy, runtime and read-only profiles agreed with the payments team.", operations: profileOps("payments", now) },
    { at: [23, "09:50"], by: "editor", title: "Access profiles for search", reason: "Deploy, indexing and query profiles.", operations: profileOps("search", now) },
    { at: [23, "13:35"], by: "admin", title: "Platform, Terraform and break-glass profiles", reason: "Infrastructure automation and emergency access.", operations: profileOps("platform", now) },
    { at: [23, "16:10"], by: "editor", title: "Register service clients", reason: "Runtime identities of every service, bound to their profiles.", operations: clientOps(clientsOf("service")) },
    { at: [22, "10:20"], by: "editor", title: "Register scheduled jobs", reason: "Batch jobs moved off shared credentials.", operations: clientOps(clientsOf("job")) },
    { at: [21, "11:00"], by: "editor", title: "CI pipelines for orders", reason: "GitHub Actions OIDC for the payments repositories; main deploys to prod.", operations: pipelineOps(["payments"]) },
    { at: [20, "14:45"], by: "admin", title: "CI pipelines for search and platform", reason: "GitHub Actions OIDC for search and infrastructure repositories.", operations: pipelineOps(["search", "platform"]) },
    { at: [19, "09:30"], by: "admin", title: "Onboard engineers", reason: "Console and CLI access for the three teams.", operations: clientOps(clientsOf("human")) },
    {
      at: [18, "15:00"],
      by: "admin",
      title: "Provisioning keys for Terraform and agents",
      reason: "Keys for automation that cannot use OIDC.",
      operations: [...clientOps(clientsOf("key")), ...credentialOps("provisioning_key", now)],
    },
    { at: [17, "10:40"], by: "editor", title: "Client secrets for services", reason: "Client-credentials grant for services outside the cluster.", operations: credentialOps("secret", now) },
    {
      at: [11, "11:25"],
      by: "editor",
      title: "Let payments DBAs rotate orders-db credentials",
      reason: "Rotation moved from the platform team to the payments DBAs.",
      operations: [{ entity: "profile", kind: "update", id: profileId("payments-dba-prod"), data: { addScopeIds: [scopeId("prod", "orders-db", "rotate")] } }],
    },
    {
      at: [7, "14:10"],
      by: "editor",
      title: "Shorten token lifetime for search-indexer-staging",
      reason: "Align staging with the 30-minute production standard.",
      operations: [{ entity: "profile", kind: "update", id: profileId("search-indexer-staging"), data: { maxTokenLifetimeSeconds: 1800 } }],
    },
    // paged at night; the responders keep read access while the incident stays open
    { at: [3, "03:12"], by: "admin", title: "Temporary access for incident INC-2041", reason: "Checkout latency spike; read-only triage for the on-call responders until the incident is closed.", operations: grantOps(data.incidentGrants, now) },
    { at: [2, "10:30"], by: "editor", title: "Ledger access for the Q3 audit", reason: "Read access for the audit fieldwork; it ends with the fieldwork.", operations: grantOps(data.auditGrants, now) },
    {
      at: [2, "17:05"],
      by: "admin",
      title: "Offboard contractor quentin.dubois",
      reason: "Contract ended; suspend and remove production bastion access.",
      operations: [
        { entity: "client", kind: "update", id: clientId("quentin.dubois"), data: { status: "suspended" } },
        { entity: "binding", kind: "delete", id: bindingId("quentin.dubois", "bastion-access-prod") },
      ],
    },
    {
      at: [1, "14:20"],
      by: "admin",
      title: "Suspend svc-recommendations after secret exposure",
      reason: "Client secret was printed in a build log; suspend and revoke until it is redeployed.",
      operations: [
        { entity: "client", kind: "update", id: clientId("svc-recommendations"), data: { status: "suspended" } },
        { entity: "credential", kind: "update", id: credentialId("svc-recommendations"), data: { revoke: true } },
      ],
    },
  ];
}

// ---------------------------------------------------------------- entry point

/** The demo history with its instants, for `now`. */
export function timedHistory(now: Date): TimedStep[] {
  return history(now).map(({ at, ...step }) => ({ ...step, at: workdayAt(now, ...at) }));
}

/** Seeds an empty database; does nothing when any user or domain exists. */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<{ seeded: boolean }> {
  if ((await db.user.count()) > 0 || (await db.domain.count()) > 0) return { seeded: false };
  const now = opts.now ?? new Date();

  const actors = new Map<string, Actor>();
  for (const u of data.demoUsers) {
    const user = await createUser(db, { actor: systemActor, input: { ...u, password: opts.password }, now: workdayAt(now, ...accountsCreated) });
    actors.set(u.email, { id: user.id, label: user.email, role: u.role, kind: "user" });
  }
  const by = { admin: actors.get("admin@perimeter.local")!, editor: actors.get("editor@perimeter.local")! };

  const steps = timedHistory(now);
  for (const step of steps) {
    const { changeRequest } = await submitChange(db, {
      actor: by[step.by],
      input: { title: step.title, reason: step.reason, operations: step.operations },
      now: step.at,
    });
    const n = step.operations.length;
    opts.log?.(`CR-${changeRequest.number} ${step.title} (${n} operation${n === 1 ? "" : "s"}, by ${by[step.by].label}, ${step.at.toISOString().slice(0, 16)}Z)`);
  }
  const usage = await seedUsage(db, steps, now);
  opts.log?.(`${usage.rows} decision aggregates over ${usage.days} days`);
  return { seeded: true };
}
