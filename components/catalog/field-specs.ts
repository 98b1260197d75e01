// The fields each catalog form shows, with words a person reads. Create forms
// get every field; edit forms only what the update schema lets change (names
// and the things an object hangs off are fixed once created).
import { clientKinds, clientStatuses, criticalities, protections, resourceKinds } from "@/lib/catalog/schemas";
import type { Option } from "@/components/forms/fields";
import type { FieldSpec } from "./entity-form";

const opts = (values: readonly string[]): Option[] => values.map((v) => ({ value: v, label: v }));
type Values = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v));

export type Refs = { environments: Option[]; domains: Option[] };

export function domainFields(mode: "create" | "update", v: Values = {}): FieldSpec[] {
  return [
    ...(mode === "create" ? [{ name: "name", label: "Name", placeholder: "payments", hint: "Lowercase; unique." } satisfies FieldSpec] : []),
    { name: "displayName", label: "Display name", defaultValue: str(v.displayName) },
    { name: "ownerEmails", label: "Owners", type: "list", defaultValue: Array.isArray(v.ownerEmails) ? v.ownerEmails.join(", ") : "", hint: "Emails of console users, comma-separated; they approve changes in this domain." },
    { name: "description", label: "Description", type: "textarea", defaultValue: str(v.description) },
  ];
}

export function environmentFields(mode: "create" | "update", v: Values = {}): FieldSpec[] {
  return [
    ...(mode === "create" ? [{ name: "name", label: "Name", placeholder: "staging", hint: "Lowercase; unique." } satisfies FieldSpec] : []),
    { name: "displayName", label: "Display name", defaultValue: str(v.displayName) },
    { name: "protection", label: "Protection", type: "select", options: opts(protections), defaultValue: str(v.protection) || "none", hint: "Changes in protected environments always need review." },
    { name: "rank", label: "Rank", type: "number", defaultValue: str(v.rank ?? 0), hint: "Order in lists and the graph (0 first)." },
    { name: "blockingChecks", label: "Blocking checks", type: "list", defaultValue: Array.isArray(v.blockingChecks) ? v.blockingChecks.join(", ") : "", hint: "Policy check ids whose findings block a change here, comma-separated." },
  ];
}

export function resourceEditFields(refs: Refs, v: Values): FieldSpec[] {
  return [
    { name: "kind", label: "Kind", type: "select", options: opts(resourceKinds), defaultValue: str(v.kind) },
    { name: "domainId", label: "Domain", type: "select", options: refs.domains, defaultValue: str(v.domainId) },
    { name: "criticality", label: "Criticality", type: "select", options: opts(criticalities), defaultValue: str(v.criticality) },
    { name: "owner", label: "Owner", defaultValue: str(v.owner) },
    { name: "description", label: "Description", type: "textarea", defaultValue: str(v.description) },
  ];
}

export function scopeFields(mode: "create" | "update", resources: Option[], v: Values = {}): FieldSpec[] {
  return [
    ...(mode === "create"
      ? ([
          { name: "resourceId", label: "Resource", type: "select", options: resources, placeholder: "Choose a resource", defaultValue: str(v.resourceId) },
          { name: "action", label: "Action", placeholder: "read", hint: "A lowercase verb: read, write, admin, deploy…" },
        ] satisfies FieldSpec[])
      : []),
    { name: "description", label: "Description", type: "textarea", defaultValue: str(v.description) },
  ];
}

export function clientEditFields(refs: Refs, v: Values): FieldSpec[] {
  return [
    { name: "displayName", label: "Display name", defaultValue: str(v.displayName) },
    { name: "status", label: "Status", type: "select", options: opts(clientStatuses), defaultValue: str(v.status), hint: "Suspended and disabled clients get no tokens." },
    { name: "domainId", label: "Domain", type: "select", options: refs.domains, placeholder: "None", nullable: true, defaultValue: str(v.domainId) },
    { name: "owner", label: "Owner", defaultValue: str(v.owner) },
    { name: "description", label: "Description", type: "textarea", defaultValue: str(v.description) },
  ];
}

export const clientKindOptions = opts(clientKinds);

export function bindingEditFields(v: Values): FieldSpec[] {
  return [
    { name: "expiresAt", label: "Expires at", type: "datetime", nullable: true, defaultValue: str(v.expiresAt), hint: "Empty: permanent." },
    { name: "reason", label: "Reason", type: "textarea", defaultValue: str(v.reason) },
  ];
}

export function claimRuleFields(mode: "create" | "update", profiles: Option[], clients: Option[], v: Values = {}): FieldSpec[] {
  const conditions = v.conditions && typeof v.conditions === "object" ? Object.entries(v.conditions as Record<string, string>).map(([k, x]) => `${k}=${x}`).join("\n") : "";
  return [
    ...(mode === "create" ? [{ name: "name", label: "Name", placeholder: "gha-orders-main", hint: "Lowercase; unique." } satisfies FieldSpec] : []),
    { name: "issuer", label: "Issuer", placeholder: "https://token.actions.githubusercontent.com", defaultValue: str(v.issuer) },
    { name: "profileId", label: "Profile", type: "select", options: profiles, placeholder: "Choose a profile", defaultValue: str(v.profileId) },
    { name: "clientId", label: "Acts as client", type: "select", options: clients, placeholder: "None", nullable: true, defaultValue: str(v.clientId) },
    { name: "conditions", label: "Claim conditions", type: "pairs", defaultValue: conditions, hint: "One claim=value per line, e.g. repository=acme/orders. With none the rule matches every token of the issuer." },
    { name: "description", label: "Description", type: "textarea", defaultValue: str(v.description) },
  ];
}

export function credentialEditFields(v: Values): FieldSpec[] {
  return [
    { name: "label", label: "Label", defaultValue: str(v.label) },
    { name: "expiresAt", label: "Expires at", type: "datetime", defaultValue: str(v.expiresAt), hint: "Shorten or extend; empty keeps it as is." },
  ];
}
