import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/permissions";
import { submitChange } from "../../testing/submit-change";
import { AppError } from "../../errors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { testActor } from "../../testing/actors";
import { importIngress } from "./ingress";

const manifests = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: orders-api, namespace: shop }
spec:
  ingressClassName: nginx
  rules:
    - host: orders-api.acme.example
      http:
        paths:
          - path: /api/v1
            pathType: Prefix
            backend: { service: { name: orders-api, port: { number: 8080 } } }
---
apiVersion: v1
kind: Service
metadata: { name: orders-api, namespace: shop }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ledger, namespace: finance }
spec:
  rules:
    - host: ledger.acme.example
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: ledger, port: { number: 80 } } }
`;

describe.each(providersUnderTest)("ingress import on %s", (provider) => {
  let t: TestDatabase;
  let editor: Actor;
  const input = { yaml: manifests, environmentId: "env-staging", domainId: "dom-pay" };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    editor = await testActor(t.db, "ed@example.test", "editor");
    await submitChange(t.db, {
      actor: editor,
      input: {
        title: "Base catalog",
        operations: [
          { entity: "environment", kind: "create", id: "env-staging", data: { name: "staging" } },
          { entity: "domain", kind: "create", id: "dom-pay", data: { name: "payments" } },
        ],
      },
    });
  });
  afterAll(async () => t?.drop());

  const counts = async () => ({
    resources: await t.db.resource.count(),
    scopes: await t.db.scope.count(),
    changes: await t.db.changeRequest.count(),
  });

  it("previews without writing anything", async () => {
    const before = await counts();
    const preview = await importIngress(t.db, { actor: editor, input, dryRun: true });
    expect(preview.routes.map((r) => r.resourceName)).toEqual(["orders-api-acme-example-api-v1", "ledger-acme-example"]);
    expect(preview.result?.results).toHaveLength(8);
    expect(await counts()).toEqual(before);
  });

  it("imports two manifests as ingress resources with 3 scopes each, in one change request", async () => {
    const before = await counts();
    const out = await importIngress(t.db, { actor: editor, input, dryRun: false });
    expect(out.result?.changeRequest).toMatchObject({ status: "applied", title: "Import 2 ingress routes from orders-api, ledger" });
    expect(out.skipped.map((s) => s.what)).toEqual(["Service shop/orders-api"]);
    expect(await counts()).toEqual({ resources: before.resources + 2, scopes: before.scopes + 6, changes: before.changes + 1 });

    const resources = await t.db.resource.findMany({
      where: { kind: "ingress" },
      orderBy: { name: "asc" },
      include: { scopes: { orderBy: { action: "asc" } } },
    });
    expect(resources.map((r) => [r.name, r.environmentId, r.domainId])).toEqual([
      ["ledger-acme-example", "env-staging", "dom-pay"],
      ["orders-api-acme-example-api-v1", "env-staging", "dom-pay"],
    ]);
    for (const r of resources) expect(r.scopes.map((s) => s.action)).toEqual(["admin", "read", "write"]);
    expect(JSON.parse(resources[1]!.labels)).toMatchObject({ host: "orders-api.acme.example", path: "/api/v1", namespace: "shop", ingress: "orders-api", "ingress-class": "nginx" });

    const ops = await t.db.operation.count({ where: { changeRequestId: out.result!.changeRequest!.id } });
    expect(ops).toBe(8);
  });

  it("skips what already exists when the same manifests are imported again", async () => {
    const before = await counts();
    const again = await importIngress(t.db, { actor: editor, input, dryRun: false });
    expect(again.result).toBeNull();
    expect(again.routes).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual([
      expect.stringContaining("kind Service is not imported"),
      "a resource named orders-api-acme-example-api-v1 already exists in this environment",
      "a resource named ledger-acme-example already exists in this environment",
    ]);
    expect(await counts()).toEqual(before);
  });

  it("names a missing environment as a field error and writes nothing", async () => {
    const before = await counts();
    const error = (await importIngress(t.db, { actor: editor, input: { ...input, environmentId: "nope" }, dryRun: false }).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.fields[0]).toEqual({ field: "environmentId", message: "no environment with this id" });
    expect(await counts()).toEqual(before);
  });
});
