// A small catalog for the token-service tests: prod/orders-db with read and
// write scopes in profile orders-rw, bound to client svc-orders, which holds
// one client secret (returned, as the write path shows it once).
import { systemActor } from "../auth/permissions";
import { submitChange } from "./submit-change";
import type { Db } from "../db/client";

export async function tokenFixture(db: Db): Promise<{ secret: string; credentialId: string }> {
  const done = await submitChange(db, {
    actor: systemActor,
    input: {
      title: "Fixture",
      operations: [
        { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod" } },
        { entity: "domain", kind: "create", id: "dom", data: { name: "payments" } },
        { entity: "resource", kind: "create", id: "res", data: { name: "orders-db", kind: "database", environmentId: "env-prod", domainId: "dom" } },
        { entity: "scope", kind: "create", id: "s-read", data: { resourceId: "res", action: "read" } },
        { entity: "scope", kind: "create", id: "s-write", data: { resourceId: "res", action: "write" } },
        { entity: "profile", kind: "create", id: "p", data: { name: "orders-rw", scopeIds: ["s-read", "s-write"], maxTokenLifetimeSeconds: 600 } },
        { entity: "client", kind: "create", id: "c", data: { name: "svc-orders", kind: "service" } },
        { entity: "binding", kind: "create", id: "b", data: { clientId: "c", profileId: "p" } },
        { entity: "credential", kind: "create", id: "k", data: { clientId: "c", kind: "secret" } },
      ],
    },
  });
  return { secret: done.results.find((r) => r.entity === "credential")!.secret!, credentialId: "k" };
}
