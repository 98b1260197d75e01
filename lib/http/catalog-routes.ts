// REST routes for every catalog object, built from one table so each route
// file stays a line or two:
//
//   GET    /api/v1/<plural>        list (search, filters, cursor pages)
//   POST   /api/v1/<plural>        create: body = the entity's create data
//   GET    /api/v1/<plural>/{id}   one object
//   PATCH  /api/v1/<plural>/{id}   update: body = the fields to change
//   DELETE /api/v1/<plural>/{id}   delete
//
// Every write opens a change request with one operation, through openChange
// (the write path the console uses too): it is applied at once when the
// approval rules need no review (201/200), otherwise it stays open for
// approval (202). The change request's title and reason come from the
// optional ?title= and ?reason= query parameters; without a title one is made
// up ("Create resource orders-db"). Writes answer { changeRequest, result,
// findings, reach }; `result.secret` carries a new credential's secret, shown
// this once. Field errors name the body's field ("kind"), not the change
// request's path ("operations.0.data.kind").
import type { CatalogEntity } from "../audit/actions";
import type { Actor } from "../auth/permissions";
import { getBinding } from "../catalog/queries/get-binding";
import { getClaimRule } from "../catalog/queries/get-claim-rule";
import { getClient } from "../catalog/queries/get-client";
import { getCredential } from "../catalog/queries/get-credential";
import { getDomain } from "../catalog/queries/get-domain";
import { getEnvironment } from "../catalog/queries/get-environment";
import { getProfile } from "../catalog/queries/get-profile";
import { getResource } from "../catalog/queries/get-resource";
import { getScope } from "../catalog/queries/get-scope";
import { listBindings } from "../catalog/queries/list-bindings";
import { listClaimRules } from "../catalog/queries/list-claim-rules";
import { listClients } from "../catalog/queries/list-clients";
import { listCredentials } from "../catalog/queries/list-credentials";
import { listDomains } from "../catalog/queries/list-domains";
import { listEnvironments } from "../catalog/queries/list-environments";
import { listProfiles } from "../catalog/queries/list-profiles";
import { listResources } from "../catalog/queries/list-resources";
import { listScopes } from "../catalog/queries/list-scopes";
import { searchParamsObject } from "../catalog/queries/paging";
import { getAssertion, listAssertions } from "../ascode/assertion-queries";
import type { OperationInput } from "../changes/operations";
import { openChange, type OpenResult } from "../changes/workflow/open-change";
import { db, type Db } from "../db/client";
import { AppError } from "../errors";
import { catalogApi, forBody } from "./catalog-api";
import { jsonBody, route } from "./route";

type Data = Record<string, unknown>;

type Reads = {
  list(db: Db, raw: unknown): Promise<object>;
  get(db: Db, id: string): Promise<object | null>;
  /** how a change title names an existing object; null when there is none */
  nameOf(db: Db, id: string): Promise<string | null>;
  /** how a change title names the object a create body describes */
  nameFor?(db: Db, data: Data): Promise<string | null>;
};

const str = (v: unknown) => (typeof v === "string" && v.length <= 64 ? v : undefined);

async function clientName(client: Db, id: unknown) {
  const key = str(id);
  return key ? ((await client.client.findUnique({ where: { id: key }, select: { name: true } }))?.name ?? key) : "?";
}

const reads: Record<CatalogEntity, Reads> = {
  domain: {
    list: listDomains,
    get: getDomain,
    nameOf: async (c, id) => (await c.domain.findUnique({ where: { id }, select: { name: true } }))?.name ?? null,
  },
  environment: {
    list: listEnvironments,
    get: getEnvironment,
    nameOf: async (c, id) => (await c.environment.findUnique({ where: { id }, select: { name: true } }))?.name ?? null,
  },
  resource: {
    list: listResources,
    get: getResource,
    nameOf: async (c, id) => (await c.resource.findUnique({ where: { id }, select: { name: true } }))?.name ?? null,
  },
  scope: {
    list: listScopes,
    get: getScope,
    async nameOf(c, id) {
      const s = await c.scope.findUnique({ where: { id }, select: { action: true, resource: { select: { name: true } } } });
      return s ? `${s.resource.name}:${s.action}` : null;
    },
    async nameFor(c, data) {
      const id = str(data.resourceId);
      const r = id ? await c.resource.findUnique({ where: { id }, select: { name: true } }) : null;
      return `${r?.name ?? id ?? "?"}:${str(data.action) ?? "?"}`;
    },
  },
  profile: {
    list: listProfiles,
    get: getProfile,
    nameOf: async (c, id) => (await c.profile.findUnique({ where: { id }, select: { name: true } }))?.name ?? null,
  },
  client: {
    list: listClients,
    get: getClient,
    nameOf: async (c, id) => (await c.client.findUnique({ where: { id }, select: { name: true } }))?.name ?? null,
  },
  binding: {
    list: listBindings,
    get: getBinding,
    async nameOf(c, id) {
      const b = await c.binding.findUnique({ where: { id }, select: { client: { select: { name: true } }, profile: { select: { name: true } } } });
      return b ? `${b.client.name} → ${b.profile.name}` : null;
    },
    async nameFor(c, data) {
      const id = str(data.profileId);
      const p = id ? await c.profile.findUnique({ where: { id }, select: { name: true } }) : null;
      return `${await clientName(c, data.clientId)} → ${p?.name ?? id ?? "?"}`;
    },
  },
  claimRule: {
    list: listClaimRules,
    get: getClaimRule,
    nameOf: async (c, id) => (await c.claimRule.findUnique({ where: { id }, select: { name: true } }))?.name ?? null,
  },
  credential: {
    list: listCredentials,
    get: getCredential,
    async nameOf(c, id) {
      const k = await c.credential.findUnique({ where: { id }, select: { prefix: true, client: { select: { name: true } } } });
      return k ? `${k.client.name}/${k.prefix}` : null;
    },
    nameFor: async (c, data) => `for ${await clientName(c, data.clientId)}`,
  },
  assertion: {
    list: listAssertions,
    get: getAssertion,
    nameOf: async (c, id) => (await c.assertion.findUnique({ where: { id }, select: { name: true } }))?.name ?? null,
  },
};

const isObject = (v: unknown): v is Data => typeof v === "object" && v !== null && !Array.isArray(v);

export type WriteResult = Omit<OpenResult, "results"> & { result: OpenResult["results"][number] };

async function write(actor: Actor, req: Request, title: string, op: OperationInput): Promise<WriteResult> {
  const query = new URL(req.url).searchParams;
  const input = { title: query.get("title")?.trim() || title.slice(0, 200), reason: query.get("reason") ?? "", operations: [op] };
  try {
    const { results, ...rest } = await openChange(db(), { actor, source: "api", input });
    return { ...rest, result: results[0]! };
  } catch (e) {
    throw forBody(e);
  }
}

const applied = (body: WriteResult) => body.changeRequest.status === "applied";

/** 201/200 when the change was applied; 202 when it is open, waiting for approval. */
const written = (body: WriteResult, status: number, location?: string) =>
  Response.json(body, {
    status: applied(body) ? status : 202,
    headers: { "cache-control": "no-store", ...(location && applied(body) ? { location } : {}) },
  });

/** GET (list) and POST (create) for /api/v1/<plural>. */
export function collectionRoutes(entity: CatalogEntity) {
  const { label, plural } = catalogApi[entity];
  const r = reads[entity];
  return {
    GET: route("catalog.read", async ({ req }) => r.list(db(), searchParamsObject(new URL(req.url).searchParams))),
    POST: route("change.create", async ({ actor, req }) => {
      const data = await jsonBody(req);
      const name = isObject(data) ? await (r.nameFor ? r.nameFor(db(), data) : Promise.resolve(str(data.name) ?? null)) : null;
      const result = await write(actor, req, name ? `Create ${label} ${name}` : `Create ${label}`, { entity, kind: "create", data });
      return written(result, 201, `/api/v1/${plural}/${encodeURIComponent(result.result.id)}`);
    }),
  };
}

/** GET, PATCH and DELETE for /api/v1/<plural>/{id}. */
export function itemRoutes(entity: CatalogEntity) {
  const { label } = catalogApi[entity];
  const r = reads[entity];
  const titled = async (verb: string, id: string) => `${verb} ${label} ${(await r.nameOf(db(), id)) ?? id}`;
  return {
    GET: route<{ id: string }>("catalog.read", async ({ params }) => {
      const found = await r.get(db(), params.id);
      if (!found) throw new AppError("not_found", `No ${label} with id ${params.id}.`);
      return found;
    }),
    PATCH: route<{ id: string }>("change.create", async ({ actor, req, params }) => {
      const data = await jsonBody(req);
      return written(await write(actor, req, await titled("Update", params.id), { entity, kind: "update", id: params.id, data }), 200);
    }),
    DELETE: route<{ id: string }>("change.create", async ({ actor, req, params }) =>
      written(await write(actor, req, await titled("Delete", params.id), { entity, kind: "delete", id: params.id }), 200),
    ),
  };
}
