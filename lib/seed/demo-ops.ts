// Operation builders for the demo history: turn the tables of ./demo-data.ts
// into change-request operations with stable ids (./ids.ts).
import type { OperationInput } from "../changes/operations";
import * as data from "./demo-data";
import type { ClientSpec, DomainName, EnvName } from "./demo-data";
import { bindingId, clientId, credentialId, domainId, envId, profileId, resourceId, scopeId } from "./ids";

const teamEmail = (domain: string) => `${domain}-team@acme.example`;
const costCenter: Record<DomainName, string> = { payments: "cc-1200", search: "cc-1400", platform: "cc-1000" };

const HOUR = 3_600_000;
/** An expiry `hours` after `now`, rounded up to the hour as a person would set it (so still after `now`). */
export const hoursFrom = (now: Date, hours: number) => new Date(Math.ceil((now.getTime() + hours * HOUR) / HOUR) * HOUR).toISOString();

export function bootstrapOps(): OperationInput[] {
  return [
    ...data.environments.map((e): OperationInput => ({ entity: "environment", kind: "create", id: envId(e.name), data: { ...e } })),
    ...data.domains.map((d): OperationInput => ({ entity: "domain", kind: "create", id: domainId(d.name), data: { ...d } })),
  ];
}
export function resourceOps(domain: DomainName): OperationInput[] {
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
export function scopeIds(env: EnvName, refs: string[]): string[] {
  return refs.flatMap((ref) => {
    const [resource, actions = ""] = ref.split(":");
    return actions.split(",").map((action) => scopeId(env, resource!, action));
  });
}

export function profileOps(domain: DomainName, now: Date): OperationInput[] {
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

export const bind = (client: string, profile: string, extra: { expiresAt?: string; reason?: string } = {}): OperationInput => ({
  entity: "binding",
  kind: "create",
  id: bindingId(client, profile),
  data: { clientId: clientId(client), profileId: profileId(profile), ...extra },
});

const displayName = (name: string, kind: string) =>
  kind === "human" ? name.split(".").map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ") : "";

export function clientOps(select: (c: ClientSpec) => boolean): OperationInput[] {
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

export const clientsOf = (kind: string, domains?: DomainName[]) => (c: ClientSpec) => c[1] === kind && (!domains || domains.includes(c[2]));

export function claimRuleOps(clients: string[]): OperationInput[] {
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

export function pipelineOps(domains: DomainName[]): OperationInput[] {
  const pipelines = data.clients.filter(clientsOf("pipeline", domains)).map((c) => c[0]);
  return [...clientOps(clientsOf("pipeline", domains)), ...claimRuleOps(pipelines)];
}

export function credentialOps(kind: "secret" | "provisioning_key", now: Date): OperationInput[] {
  return data.credentials
    .filter(([, k]) => k === kind)
    .map(([client, k, label, days]) => ({
      entity: "credential",
      kind: "create",
      id: credentialId(client),
      data: { clientId: clientId(client), kind: k, label, expiresAt: days ? hoursFrom(now, days * 24) : null },
    }));
}

export const grantOps = (grants: [string, string, number, string][], now: Date): OperationInput[] =>
  grants.map(([client, profile, hours, reason]) => bind(client, profile, { expiresAt: hoursFrom(now, hours), reason }));

