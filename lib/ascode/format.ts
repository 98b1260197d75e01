// The declarative catalog files ("Perimeter as code"): what one YAML file may
// hold, and the merged desired state the CLI sends to the server. Objects
// refer to each other by NAME (never a database id); credentials and their
// secrets are not part of the files. Plain zod (no transforms), so the same
// schema is published as JSON Schema (catalogFilesJsonSchema) for editors and
// for the CLI's validation.
import { z } from "zod";
import { text } from "../validation/text";
import { clientKinds, clientStatuses, criticalities, protections, resourceKinds } from "../catalog/schemas";

export const formatVersion = 1;

const name = text()
  .min(2)
  .max(63)
  .regex(/^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$/, "use lowercase letters, digits and single - _ . separators, starting with a letter");
const verb = text().regex(/^(\*|[a-z][a-z0-9-]{0,31})$/, "use a lowercase verb such as read, write or admin");
const bounded = (max: number) => text().max(max);
const instant = text().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, "must be an ISO 8601 date-time such as 2027-01-31T00:00:00Z");
/** "<environment>/<resource>", e.g. prod/orders-db */
export const resourceRef = text().regex(/^[a-z][a-z0-9-_.]*\/[a-z][a-z0-9-_.]*$/, "must be <environment>/<resource>, e.g. prod/orders-db");
/** "<environment>/<resource>:<action>", e.g. prod/orders-db:read */
export const scopeRef = text().regex(/^[a-z][a-z0-9-_.]*\/[a-z][a-z0-9-_.]*:(\*|[a-z][a-z0-9-]*)$/, "must be <environment>/<resource>:<action>, e.g. prod/orders-db:read");
const severity = z.enum(["low", "medium", "high", "critical"]);

export const environmentSpec = z.strictObject({
  name,
  displayName: bounded(80).optional(),
  protection: z.enum(protections).optional(),
  blockingChecks: z.array(text().regex(/^[a-z0-9-]+$/)).max(50).optional(),
  rank: z.number().int().min(0).max(1000).optional(),
});

export const issuerSpec = z.strictObject({
  name,
  issuer: text().url().max(300),
  audience: bounded(300),
  jwksUri: text().url().max(500).optional(),
});

export const domainSpec = z.strictObject({
  name,
  displayName: bounded(80).optional(),
  description: bounded(500).optional(),
  owners: z.array(text().email()).max(20).optional(),
});

export const scopeSpec = z.strictObject({ action: verb, description: bounded(300).optional() });

export const resourceSpec = z.strictObject({
  name,
  environment: name,
  kind: z.enum(resourceKinds),
  criticality: z.enum(criticalities).optional(),
  owner: bounded(120).optional(),
  description: bounded(500).optional(),
  labels: z.record(text().regex(/^[a-z0-9./-]{1,63}$/), text().max(200)).optional(),
  scopes: z.array(scopeSpec).max(100).optional(),
});

export const profileSpec = z.strictObject({
  name,
  environment: name.optional(),
  description: bounded(500).optional(),
  owner: bounded(120).optional(),
  maxTokenLifetimeSeconds: z.number().int().min(60).max(86_400).optional(),
  expiresAt: instant.optional(),
  scopes: z.array(scopeRef).max(500).optional(),
});

export const bindingSpec = z.strictObject({ profile: name, expiresAt: instant.optional(), reason: bounded(300).optional() });

export const clientSpec = z.strictObject({
  name,
  kind: z.enum(clientKinds),
  displayName: bounded(80).optional(),
  status: z.enum(clientStatuses).optional(),
  owner: bounded(120).optional(),
  description: bounded(500).optional(),
  bindings: z.array(bindingSpec).max(200).optional(),
});

export const claimRuleSpec = z.strictObject({
  name,
  issuer: text().url().max(300),
  conditions: z.record(text().min(1).max(100), text().min(1).max(300)).optional(),
  profile: name,
  client: name.optional(),
  description: bounded(500).optional(),
});

const assertionBase = { name, severity: severity.optional(), description: bounded(300).optional() };
/** Structured access assertions, checked offline and by the server on every change request. */
export const assertionSpec = z.discriminatedUnion("rule", [
  // this client can perform the action on the resource
  z.strictObject({ ...assertionBase, rule: z.literal("can"), client: name, action: verb, resource: resourceRef }),
  // this client cannot perform the action on the resource
  z.strictObject({ ...assertionBase, rule: z.literal("cannot"), client: name, action: verb, resource: resourceRef }),
  // nobody outside the domain can perform the action on the resource
  z.strictObject({ ...assertionBase, rule: z.literal("only-domain"), domain: name, action: verb, resource: resourceRef }),
  // at most this many clients can reach the resource (with the action, or any)
  z.strictObject({ ...assertionBase, rule: z.literal("at-most"), clients: z.number().int().min(0).max(100_000), resource: resourceRef, action: verb.optional() }),
  // every client of this kind that can perform the action in the environment holds it only until an expiry
  z.strictObject({ ...assertionBase, rule: z.literal("expiring"), kind: z.enum(clientKinds), action: verb, environment: name }),
]);

/** One YAML file: any of these sections. Resources, profiles, clients and claim rules belong to the file's domain, if it names one. */
export const catalogFile = z.strictObject({
  version: z.literal(formatVersion).optional(),
  environments: z.array(environmentSpec).optional(),
  issuers: z.array(issuerSpec).optional(),
  domain: domainSpec.optional(),
  resources: z.array(resourceSpec).optional(),
  profiles: z.array(profileSpec).optional(),
  clients: z.array(clientSpec).optional(),
  claimRules: z.array(claimRuleSpec).optional(),
  assertions: z.array(assertionSpec).optional(),
});

export type EnvironmentSpec = z.infer<typeof environmentSpec>;
export type IssuerSpec = z.infer<typeof issuerSpec>;
export type DomainSpec = z.infer<typeof domainSpec>;
export type ResourceSpec = z.infer<typeof resourceSpec>;
export type ProfileSpec = z.infer<typeof profileSpec>;
export type ClientSpec = z.infer<typeof clientSpec>;
export type BindingSpec = z.infer<typeof bindingSpec>;
export type ClaimRuleSpec = z.infer<typeof claimRuleSpec>;
export type AssertionSpec = z.infer<typeof assertionSpec>;
export type CatalogFile = z.infer<typeof catalogFile>;

/** The merged desired state: every file's objects, each tagged with its file's domain (null: none). */
const owned = { domain: name.nullable() };
/** Upper bounds per section, so one request cannot ask the server to diff an unbounded document. */
const most = 200_000;
export const catalogState = z.strictObject({
  environments: z.array(environmentSpec).max(1000),
  issuers: z.array(issuerSpec).max(1000),
  domains: z.array(domainSpec).max(10_000),
  resources: z.array(resourceSpec.extend(owned)).max(most),
  profiles: z.array(profileSpec.extend(owned)).max(most),
  clients: z.array(clientSpec.extend(owned)).max(most),
  claimRules: z.array(claimRuleSpec.extend(owned)).max(most),
  // each assertion is checked on every change request: a bounded list keeps that cheap
  assertions: z.array(assertionSpec).max(500),
});
export type CatalogState = z.infer<typeof catalogState>;
export type OwnedResource = CatalogState["resources"][number];
export type OwnedProfile = CatalogState["profiles"][number];
export type OwnedClient = CatalogState["clients"][number];
export type OwnedClaimRule = CatalogState["claimRules"][number];

export const emptyState = (): CatalogState => ({ environments: [], issuers: [], domains: [], resources: [], profiles: [], clients: [], claimRules: [], assertions: [] });

/** The JSON Schema (2020-12) of one catalog file, as the server publishes it. */
export function catalogFilesJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(catalogFile, { target: "draft-2020-12" }) as Record<string, unknown>;
  return {
    $id: "https://perimeter.dev/schema/catalog-files.json",
    title: "Perimeter catalog file",
    description: "One YAML file of a Perimeter catalog directory (perimeter export / validate / plan / apply). Objects refer to each other by name.",
    ...schema,
  };
}
