// The catalog's REST surface as data: for each entity its path under /api/v1,
// the zod schemas that validate its create and update bodies (the write
// path's own), and its list parameters. The route factory and the OpenAPI
// document both read this table, so they cannot disagree.
import type { z } from "zod";
import { catalogEntities, type CatalogEntity } from "../audit/actions";
import { AppError } from "../errors";
import * as s from "../catalog/schemas";
import { bindingListParams } from "../catalog/queries/list-bindings";
import { claimRuleListParams } from "../catalog/queries/list-claim-rules";
import { clientListParams } from "../catalog/queries/list-clients";
import { credentialListParams } from "../catalog/queries/list-credentials";
import { domainListParams } from "../catalog/queries/list-domains";
import { environmentListParams } from "../catalog/queries/list-environments";
import { profileListParams } from "../catalog/queries/list-profiles";
import { resourceListParams } from "../catalog/queries/list-resources";
import { scopeListParams } from "../catalog/queries/list-scopes";
import { assertionCreate, assertionUpdate } from "../catalog/entities/assertion";
import { assertionListParams } from "../ascode/assertion-queries";

export type CatalogApiEntity = {
  entity: CatalogEntity;
  /** path segment: /api/v1/<plural> and /api/v1/<plural>/{id} */
  plural: string;
  /** for people: "claim rule" */
  label: string;
  create: z.ZodType;
  update: z.ZodType;
  listParams: z.ZodType;
};

export const catalogApi: Record<CatalogEntity, CatalogApiEntity> = {
  domain: { entity: "domain", plural: "domains", label: "domain", create: s.domainCreate, update: s.domainUpdate, listParams: domainListParams },
  environment: {
    entity: "environment",
    plural: "environments",
    label: "environment",
    create: s.environmentCreate,
    update: s.environmentUpdate,
    listParams: environmentListParams,
  },
  resource: { entity: "resource", plural: "resources", label: "resource", create: s.resourceCreate, update: s.resourceUpdate, listParams: resourceListParams },
  scope: { entity: "scope", plural: "scopes", label: "scope", create: s.scopeCreate, update: s.scopeUpdate, listParams: scopeListParams },
  profile: { entity: "profile", plural: "profiles", label: "profile", create: s.profileCreate, update: s.profileUpdate, listParams: profileListParams },
  client: { entity: "client", plural: "clients", label: "client", create: s.clientCreate, update: s.clientUpdate, listParams: clientListParams },
  binding: { entity: "binding", plural: "bindings", label: "binding", create: s.bindingCreate, update: s.bindingUpdate, listParams: bindingListParams },
  claimRule: {
    entity: "claimRule",
    plural: "claim-rules",
    label: "claim rule",
    create: s.claimRuleCreate,
    update: s.claimRuleUpdate,
    listParams: claimRuleListParams,
  },
  credential: {
    entity: "credential",
    plural: "credentials",
    label: "credential",
    create: s.credentialCreate,
    update: s.credentialUpdate,
    listParams: credentialListParams,
  },
  assertion: { entity: "assertion", plural: "assertions", label: "assertion", create: assertionCreate, update: assertionUpdate, listParams: assertionListParams },
};

export const catalogApiEntities: CatalogApiEntity[] = catalogEntities.map((e) => catalogApi[e]);

/** "operations.0.data.kind" -> "kind", "operations.0.data" and "operations" -> "body", "operations.0.id" -> "id". */
export function bodyField(field: string): string {
  // the body is the one operation's data: "operations" (a change that changes nothing) is the body too
  if (field === "operations.0.data" || field === "operations") return "body";
  if (field.startsWith("operations.0.data.")) return field.slice("operations.0.data.".length);
  if (field.startsWith("operations.0.")) return field.slice("operations.0.".length);
  return field;
}

/** The write path's error, restated for a single-object endpoint: fields name the body's fields. */
export function forBody(e: unknown): unknown {
  if (!(e instanceof AppError)) return e;
  const message = e.message
    .replace(/^operations\.0\.data\./, "")
    .replace(/^operations\.0\.data:/, "body:")
    .replace(/^operations\.0\.(?=id:)/, "")
    .replace(/^operations\.0: /, "");
  return new AppError(e.code, message, e.fields.map((f) => ({ ...f, field: bodyField(f.field) })));
}
