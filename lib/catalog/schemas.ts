// One zod schema per catalog input, shared by the console's forms, the REST
// API and the write path.
import { z } from "zod";
import { text, url, email } from "../validation/text";

export const identifier = text()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$/, "use lowercase letters, digits and single - _ . separators, starting with a letter");

export const action = text()
  .trim()
  .regex(/^(\*|[a-z][a-z0-9-]{0,31})$/, "use a lowercase verb such as read, write or admin");

/**
 * An update patch: every field optional and no defaults filled in, so a patch
 * only touches what it names.
 */
function patch<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([k, v]) => [k, v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : v]),
  );
  return z.object(shape).partial() as unknown as ReturnType<z.ZodObject<S>["partial"]>;
}

export const id = text().trim().min(1, "is required").max(64);
const bounded = (max: number) => text().trim().max(max, `must be at most ${max} characters`);
const instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).transform((v) => new Date(v));
const optionalInstant = instant.nullable().optional();

export const resourceKinds = ["compute", "storage", "network", "cluster", "ingress", "database"] as const;
export const criticalities = ["low", "medium", "high", "critical"] as const;
export const clientKinds = ["human", "pipeline", "job", "service", "key"] as const;
export const clientStatuses = ["active", "suspended", "disabled"] as const;
export const protections = ["none", "protected"] as const;
export const credentialKinds = ["secret", "provisioning_key", "public_key"] as const;
export const standardActions = ["read", "write", "admin"] as const;

export const domainCreate = z.object({
  name: identifier,
  displayName: bounded(80).default(""),
  description: bounded(500).default(""),
  ownerEmails: z.array(email("must be an email address")).max(20).default([]),
});
export const domainUpdate = patch(domainCreate.omit({ name: true }));

export const environmentCreate = z.object({
  name: identifier,
  displayName: bounded(80).default(""),
  protection: z.enum(protections).default("none"),
  blockingChecks: z.array(text().regex(/^[a-z0-9-]+$/)).max(50).default([]),
  rank: z.number().int().min(0).max(1000).default(0),
});
export const environmentUpdate = patch(environmentCreate.omit({ name: true }));

export const resourceCreate = z.object({
  name: identifier,
  kind: z.enum(resourceKinds),
  environmentId: id,
  domainId: id,
  criticality: z.enum(criticalities).default("medium"),
  owner: bounded(120).default(""),
  description: bounded(500).default(""),
  labels: z.record(text().regex(/^[a-z0-9./-]{1,63}$/, "label keys are lowercase"), text().max(200)).default({}),
});
export const resourceUpdate = patch(resourceCreate.omit({ name: true, environmentId: true }));

export const scopeCreate = z.object({
  resourceId: id,
  action,
  description: bounded(300).default(""),
});
export const scopeUpdate = z.object({ description: bounded(300) }).partial();

const lifetime = z.number().int().min(60, "must be at least 60 seconds").max(86_400, "must be at most 86400 seconds (24 h)");
export const profileCreate = z.object({
  name: identifier,
  description: bounded(500).default(""),
  environmentId: id.nullable().default(null),
  domainId: id.nullable().default(null),
  owner: bounded(120).default(""),
  maxTokenLifetimeSeconds: lifetime.default(3600),
  expiresAt: optionalInstant,
  scopeIds: z.array(id).max(500).default([]),
});
export const profileUpdate = patch(
  profileCreate.omit({ name: true }).extend({ addScopeIds: z.array(id).max(500), removeScopeIds: z.array(id).max(500) }),
);

export const clientCreate = z.object({
  name: identifier,
  displayName: bounded(80).default(""),
  kind: z.enum(clientKinds),
  status: z.enum(clientStatuses).default("active"),
  domainId: id.nullable().default(null),
  owner: bounded(120).default(""),
  description: bounded(500).default(""),
});
export const clientUpdate = patch(clientCreate.omit({ name: true, kind: true }));

export const bindingCreate = z.object({
  clientId: id,
  profileId: id,
  expiresAt: optionalInstant,
  reason: bounded(300).default(""),
});
export const bindingUpdate = patch(bindingCreate.pick({ expiresAt: true, reason: true }));

export const claimRuleCreate = z.object({
  name: identifier,
  issuer: url("must be the issuer URL").max(300),
  conditions: z.record(text().min(1).max(100), text().min(1).max(300)).default({}),
  profileId: id,
  clientId: id.nullable().default(null),
  description: bounded(500).default(""),
});
export const claimRuleUpdate = patch(claimRuleCreate.omit({ name: true }));

/** A public JWK (RSA, EC or OKP) for private_key_jwt client authentication; never a private key. */
const publicJwk = z
  .record(text(), z.unknown())
  .refine((k) => typeof k.kty === "string" && ["RSA", "EC", "OKP"].includes(k.kty), "must be a JWK with kty RSA, EC or OKP")
  .refine((k) => !("d" in k) && !("p" in k) && !("k" in k), "must be a public key (no private members)");

export const credentialCreate = z
  .object({
    clientId: id,
    kind: z.enum(credentialKinds).default("secret"),
    label: bounded(80).default(""),
    expiresAt: optionalInstant,
    /** kind "public_key" only: the client's public JWK for private_key_jwt */
    jwk: publicJwk.optional(),
  })
  .refine((c) => (c.kind === "public_key") === !!c.jwk, { path: ["jwk"], message: "is required for a public_key credential, and only for one" });
export const credentialUpdate = z.object({ label: bounded(80), expiresAt: optionalInstant, revoke: z.literal(true) }).partial();
