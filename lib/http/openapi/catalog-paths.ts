// Paths of the catalog: list, get, create, update and delete for every
// object, plus references, search, the findings list and the Ingress import.
import { z } from "zod";
import { ingressImportInput } from "../../catalog/import/ingress";
import { searchQueryParams } from "../../catalog/queries/search";
import { findingListParams } from "../../policy/all-findings";
import { catalogApiEntities, type CatalogApiEntity } from "../catalog-api";
import { pageOf } from "./responses";
import { body, errors, idParam, inputSchema, json, pending, queryParameters, readErrors, ref, type Json, type Paths } from "./tools";

export const pascal = (entity: string) => entity[0]!.toUpperCase() + entity.slice(1);

const changeMeta = [
  { name: "title", in: "query", required: false, schema: { type: "string", minLength: 3, maxLength: 200 }, description: "The change request's title; made up from the object when absent." },
  { name: "reason", in: "query", required: false, schema: { type: "string", maxLength: 2000 }, description: "Why: recorded on the change request." },
];

function entityPaths(e: CatalogApiEntity): Record<string, Json> {
  const name = pascal(e.entity);
  const tags = [e.plural];
  return {
    [`/api/v1/${e.plural}`]: {
      get: {
        operationId: `list${name}s`,
        summary: `List ${e.label}s`,
        tags,
        parameters: queryParameters(e.listParams),
        responses: { 200: json(pageOf(`${name}Row`), `A page of ${e.label}s; pass nextCursor as ?cursor= for the next`), ...readErrors },
      },
      post: {
        operationId: `create${name}`,
        summary: `Create a ${e.label} (one change request with one create operation)`,
        tags,
        parameters: changeMeta,
        requestBody: { required: true, content: { "application/json": { schema: ref(`${name}Create`) } } },
        responses: { 201: json(ref("WriteResult"), `Applied: the change request that created the ${e.label}`), 202: pending, ...readErrors, 409: errors[409] },
      },
    },
    [`/api/v1/${e.plural}/{id}`]: {
      parameters: [idParam],
      get: {
        operationId: `get${name}`,
        summary: `One ${e.label}`,
        tags,
        responses: { 200: json(ref(name), `The ${e.label}`), 401: errors[401], 403: errors[403], 404: errors[404] },
      },
      patch: {
        operationId: `update${name}`,
        summary: `Update a ${e.label}: send only the fields to change`,
        tags,
        parameters: changeMeta,
        requestBody: { required: true, content: { "application/json": { schema: ref(`${name}Update`) } } },
        responses: { 200: json(ref("WriteResult"), `Applied: the change request that updated the ${e.label}`), 202: pending, ...errors },
      },
      delete: {
        operationId: `delete${name}`,
        summary: `Delete a ${e.label}`,
        tags,
        parameters: changeMeta,
        responses: { 200: json(ref("WriteResult"), `Applied: the change request that deleted the ${e.label}`), 202: pending, ...errors },
      },
    },
  };
}

const ingressBody = ingressImportInput.extend({ dryRun: z.boolean().default(false).describe("preview the change request; write nothing") });

export function catalogPaths(): Paths {
  return Object.assign({}, ...catalogApiEntities.map(entityPaths), {
    "/api/v1/refs": {
      get: {
        operationId: "catalogRefs",
        summary: "Ids and names of environments and domains, for building requests",
        tags: ["catalog"],
        responses: { 200: json(ref("Refs"), "Environments and domains"), 401: errors[401], 403: errors[403] },
      },
    },
    "/api/v1/search": {
      get: {
        operationId: "searchCatalog",
        summary: "Every kind of object by identifier, description or title, best matches first",
        tags: ["catalog"],
        parameters: queryParameters(searchQueryParams),
        responses: { 200: json(ref("SearchResults"), "{ q, items: [{ kind, id, name, description, href }] }"), ...readErrors },
      },
    },
    "/api/v1/findings": {
      get: {
        operationId: "listFindings",
        summary: "Policy check findings over the whole catalog, each with its check id, severity and whether it blocks",
        tags: ["catalog"],
        parameters: queryParameters(findingListParams, { checkId: "check" }),
        responses: { 200: json({ type: "object", properties: { items: { type: "array", items: ref("Finding") }, total: { type: "integer" } } }, "The findings"), ...readErrors },
      },
    },
    "/api/v1/imports/ingress": {
      post: {
        operationId: "importIngress",
        summary: "Kubernetes Ingress manifests (YAML, one or many documents): each host/path becomes an ingress resource with its standard scopes, as one change request",
        tags: ["catalog"],
        requestBody: body(inputSchema(ingressBody)),
        responses: {
          // the route answers the import's own result (not a bare ChangeResult), opened or previewed
          201: json(ref("IngressImportResult"), "The change request it opened, with the routes it planned and skipped"),
          200: json(ref("IngressImportResult"), "The preview (dryRun), or result null when every route was already imported"),
          ...errors,
        },
      },
    },
  });
}
