// A small audit trail about two clients and two profiles, for the tests of the
// client and profile filters: catalog changes and token revocations through
// their real write paths; tokens issued and decisions denied with the events
// the token service and decision stats append (they batch them in memory).
import { appendAudit, type NewAuditEvent } from "../audit/append";
import { systemActor } from "../auth/permissions";
import { submitChange } from "./submit-change";
import { transaction, type Db } from "../db/client";
import { revokeTokens } from "../oauth/revocations";

const change = (db: Db, title: string, operations: unknown[]) => submitChange(db, { actor: systemActor, input: { title, operations } });

async function issue(db: Db, jti: string, client: { id: string; name: string }, profile: { id: string; name: string }) {
  const expiresAt = new Date(Date.now() + 3_600_000);
  await db.token.create({ data: { jti, clientId: client.id, profileId: profile.id, profileVersion: 1, scope: "orders-db:read", issuedAt: new Date(), expiresAt } });
  const event: NewAuditEvent = {
    action: "token.issued",
    targetType: "client",
    targetId: client.id,
    targetName: client.name,
    after: { jti, grant: "client_credentials", via: "client_secret_basic", profile: profile.name, profileVersion: 1, scope: "orders-db:read", exp: expiresAt.toISOString() },
  };
  await transaction(db, (tx) => appendAudit(tx, { id: null, label: `client:${client.name}` }, [event]));
}

async function deny(db: Db, client: { id: string; name: string }) {
  const at = new Date().toISOString();
  const event: NewAuditEvent = { action: "decision.denied", targetType: "client", targetId: client.id, targetName: client.name, after: { resource: "prod/orders-db", action: "write", reason: "no profile grants it", count: 1, first: at, last: at } };
  await transaction(db, (tx) => appendAudit(tx, { id: null, label: "resource-server" }, [event]));
}

export const ciOrders = { id: "c-a", name: "ci-orders" };
export const ciSearch = { id: "c-b", name: "ci-search" };
export const ordersRw = { id: "p-a", name: "orders-rw" };
export const searchRo = { id: "p-b", name: "search-ro" };
export const oldJob = { id: "c-gone", name: "old-job" };

/** Builds the trail; every event is later identified by "<action> <targetName>" (credential prefixes are random). */
export async function buildSubjectScenario(db: Db): Promise<void> {
  await change(db, "Fixture", [
    { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod" } },
    { entity: "domain", kind: "create", id: "dom", data: { name: "payments" } },
    { entity: "resource", kind: "create", id: "res", data: { name: "orders-db", kind: "database", environmentId: "env-prod", domainId: "dom" } },
    { entity: "scope", kind: "create", id: "s-read", data: { resourceId: "res", action: "read" } },
    { entity: "profile", kind: "create", id: ordersRw.id, data: { name: ordersRw.name, scopeIds: ["s-read"] } },
    { entity: "profile", kind: "create", id: searchRo.id, data: { name: searchRo.name, scopeIds: ["s-read"] } },
    { entity: "client", kind: "create", id: ciOrders.id, data: { name: ciOrders.name, kind: "pipeline" } },
    { entity: "client", kind: "create", id: ciSearch.id, data: { name: ciSearch.name, kind: "pipeline" } },
    { entity: "binding", kind: "create", id: "b-a", data: { clientId: ciOrders.id, profileId: ordersRw.id } },
    { entity: "binding", kind: "create", id: "b-b", data: { clientId: ciSearch.id, profileId: searchRo.id } },
    { entity: "binding", kind: "create", id: "b-x", data: { clientId: ciSearch.id, profileId: ordersRw.id } },
    { entity: "credential", kind: "create", id: "k-a", data: { clientId: ciOrders.id } },
    { entity: "credential", kind: "create", id: "k-b", data: { clientId: ciSearch.id } },
    { entity: "claimRule", kind: "create", id: "r-a", data: { name: "orders-ci", issuer: "https://ci.example.test", conditions: { repository: "acme/orders" }, profileId: ordersRw.id, clientId: ciOrders.id } },
    { entity: "claimRule", kind: "create", id: "r-b", data: { name: "search-ci", issuer: "https://ci.example.test", conditions: { repository: "acme/search" }, profileId: searchRo.id } },
  ]);
  await change(db, "Describe ci-orders", [{ entity: "client", kind: "update", id: ciOrders.id, data: { description: "orders pipeline" } }]);
  await change(db, "Shorter tokens", [{ entity: "profile", kind: "update", id: ordersRw.id, data: { maxTokenLifetimeSeconds: 600 } }]);
  await issue(db, "t-a", ciOrders, ordersRw);
  await issue(db, "t-b", ciSearch, searchRo);
  await issue(db, "t-x", ciSearch, ordersRw);
  await deny(db, ciOrders);
  await deny(db, ciSearch);
  const actor = { id: null, label: "client:ci-search" };
  await revokeTokens(db, { jti: "t-x" }, { actor, reason: "revocation request (RFC 7009)", target: { type: "token", id: "t-x", name: "ci-search/t-x" } });
  await revokeTokens(db, { clientId: ciOrders.id }, { actor: { id: null, label: "system" }, reason: "incident", target: { type: "client", ...ciOrders } });
  await change(db, "Unbind ci-search", [{ entity: "binding", kind: "delete", id: "b-x" }]);
  await change(db, "Old job", [
    { entity: "client", kind: "create", id: oldJob.id, data: { name: oldJob.name, kind: "job" } },
    { entity: "credential", kind: "create", id: "k-g", data: { clientId: oldJob.id } },
  ]);
  await change(db, "Retire old job", [
    { entity: "credential", kind: "delete", id: "k-g" },
    { entity: "client", kind: "delete", id: oldJob.id },
  ]);
}

/** "<action> <targetName>", with a credential's random prefix left out. */
export const label = (e: { action: string; targetName: string }) => `${e.action} ${e.action.startsWith("credential.") ? e.targetName.replace(/\/.*$/, "/…") : e.targetName}`;
