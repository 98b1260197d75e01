import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { planIngressImport, routeResourceName, type ExistingResourceLookup } from "./ingress";

const none: ExistingResourceLookup = async () => new Set();
let n = 0;
const ids = () => `id-${++n}`;
const plan = (yaml: string, lookup: ExistingResourceLookup = none) =>
  planIngressImport({ yaml, environmentId: "env-prod", domainId: "dom-pay" }, { lookup, createId: ids });

const ordersApi = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: orders-api
  namespace: shop
spec:
  ingressClassName: nginx
  tls:
    - hosts: [orders-api.acme.example]
  rules:
    - host: orders-api.acme.example
      http:
        paths:
          - path: /api/v1
            pathType: Prefix
            backend: { service: { name: orders-api, port: { number: 8080 } } }
          - path: /
            pathType: Prefix
            backend: { service: { name: orders-web, port: { name: http } } }
`;

const service = `
apiVersion: v1
kind: Service
metadata: { name: orders-api, namespace: shop }
spec: { ports: [{ port: 8080 }] }
`;

const ledger = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ledger }
spec:
  rules:
    - host: ledger.acme.example
      http:
        paths:
          - path: /v2/entries
            backend: { service: { name: ledger, port: { number: 80 } } }
`;

describe("routeResourceName", () => {
  it("joins host and path into a lowercase identifier", () => {
    expect(routeResourceName("orders-api.acme.example", "/api/v1")).toBe("orders-api-acme-example-api-v1");
    expect(routeResourceName("orders-api.acme.example", "/")).toBe("orders-api-acme-example");
    expect(routeResourceName("*.acme.example", "/static")).toBe("wildcard-acme-example-static");
    expect(routeResourceName("1password.acme.example", "/")).toBe("ingress-1password-acme-example");
    expect(routeResourceName("api.acme.example", "/users/(.*)")).toBe("api-acme-example-users");
  });

  it("keeps long names within 63 characters, deterministically and distinctly", () => {
    const host = "a-very-long-service-name.with-a-long-subdomain.acme-corporation.example";
    const a = routeResourceName(host, "/api/v1/orders");
    const b = routeResourceName(host, "/api/v1/invoices");
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
    expect(a).toBe(routeResourceName(host, "/api/v1/orders"));
    expect(a).not.toBe(b);
  });
});

describe("planIngressImport", () => {
  it("reads a multi-document stream: routes become resources with their standard scopes", async () => {
    const p = await plan(`${ordersApi}\n---\n${service}\n---\n${ledger}\n---\n`);
    expect(p.routes.map((r) => r.resourceName)).toEqual(["orders-api-acme-example-api-v1", "orders-api-acme-example", "ledger-acme-example-v2-entries"]);
    expect(p.change.title).toBe("Import 3 ingress routes from orders-api, ledger");
    expect(p.change.operations).toHaveLength(12);

    const [resource, ...scopes] = p.change.operations;
    expect(resource).toMatchObject({
      entity: "resource",
      kind: "create",
      id: p.routes[0]!.resourceId,
      data: {
        name: "orders-api-acme-example-api-v1",
        kind: "ingress",
        environmentId: "env-prod",
        domainId: "dom-pay",
        description: "Ingress route https://orders-api.acme.example/api/v1 (Ingress shop/orders-api)",
        labels: {
          host: "orders-api.acme.example",
          path: "/api/v1",
          namespace: "shop",
          ingress: "orders-api",
          "ingress-class": "nginx",
          "path-type": "Prefix",
          backend: "orders-api:8080",
        },
      },
    });
    expect(scopes.slice(0, 3).map((s) => [s.entity, s.kind, (s as { data: { resourceId: string; action: string } }).data])).toEqual(
      ["read", "write", "admin"].map((action) => ["scope", "create", expect.objectContaining({ resourceId: p.routes[0]!.resourceId, action })]),
    );
    expect(p.routes[0]!.scopes).toEqual(["orders-api-acme-example-api-v1:read", "orders-api-acme-example-api-v1:write", "orders-api-acme-example-api-v1:admin"]);
    // no ingressClassName, no namespace: the default namespace, no class label
    expect(p.routes[2]!.labels).toEqual({ host: "ledger.acme.example", path: "/v2/entries", namespace: "default", ingress: "ledger", backend: "ledger:80" });

    expect(p.skipped).toEqual([{ at: "documents[1]", what: "Service shop/orders-api", reason: expect.stringContaining("kind Service is not imported") }]);
  });

  it("is deterministic: the same manifests give the same names and title", async () => {
    const a = await plan(`${ordersApi}---${ledger}`);
    const b = await plan(`${ordersApi}---${ledger}`);
    expect(b.routes.map((r) => r.resourceName)).toEqual(a.routes.map((r) => r.resourceName));
    expect(b.change.title).toBe(a.change.title);
  });

  it("dedupes a route declared twice and keeps colliding names distinct", async () => {
    const again = ordersApi.replace("namespace: shop", "namespace: shop-canary");
    const collide = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: orders-alt }
spec:
  rules:
    - host: orders-api.acme.example
      http:
        paths:
          - path: /api-v1
            backend: { service: { name: x, port: { number: 1 } } }
`;
    const p = await plan(`${ordersApi}---${again}---${collide}`);
    expect(p.routes).toHaveLength(3);
    const names = p.routes.map((r) => r.resourceName);
    expect(new Set(names).size).toBe(3);
    expect(names[2]).toMatch(/^orders-api-acme-example-api-v1-[0-9a-f]{8}$/);
    expect(p.skipped.map((s) => s.reason)).toEqual([
      "duplicate of documents[0].spec.rules[0].http.paths[0] (Ingress shop/orders-api)",
      "duplicate of documents[0].spec.rules[0].http.paths[1] (Ingress shop/orders-api)",
    ]);
  });

  it("skips routes whose resource already exists in the environment", async () => {
    const lookup: ExistingResourceLookup = async (env, names) => {
      expect(env).toBe("env-prod");
      return new Set(names.filter((x) => x === "orders-api-acme-example"));
    };
    const p = await plan(ordersApi, lookup);
    expect(p.routes.map((r) => r.resourceName)).toEqual(["orders-api-acme-example-api-v1"]);
    expect(p.change.title).toBe("Import 1 ingress route from orders-api");
    expect(p.skipped).toEqual([
      {
        at: "documents[0].spec.rules[0].http.paths[1]",
        what: "orders-api.acme.example/ in Ingress shop/orders-api",
        reason: "a resource named orders-api-acme-example already exists in this environment",
        resourceName: "orders-api-acme-example",
      },
    ]);
  });

  it("skips non-Ingress kinds, older Ingress API versions and host-less rules, and expands a List", async () => {
    const legacy = ledger.replace("networking.k8s.io/v1", "extensions/v1beta1");
    const list = `
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: settings }
  - apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: { name: catch-all }
    spec:
      rules:
        - http: { paths: [{ path: /, backend: { service: { name: web, port: { number: 80 } } } }] }
        - host: shop.acme.example
          http: { paths: [{ path: /cart, backend: { service: { name: cart, port: { number: 80 } } } }] }
`;
    const p = await plan(`${service}---${legacy}---${list}`);
    expect(p.routes.map((r) => r.resourceName)).toEqual(["shop-acme-example-cart"]);
    expect(p.skipped.map((s) => [s.at, s.what])).toEqual([
      ["documents[0]", "Service shop/orders-api"],
      ["documents[1]", "Ingress ledger"],
      ["documents[2].items[0]", "ConfigMap settings"],
      ["documents[2].items[1].spec.rules[0]", "Ingress default/catch-all"],
    ]);
    expect(p.skipped[1]!.reason).toContain("apiVersion extensions/v1beta1 is not supported");
  });

  it("returns no operations when nothing is left to import", async () => {
    const p = await plan(service);
    expect(p.change.operations).toEqual([]);
    expect(p.routes).toEqual([]);
    expect(p.skipped).toHaveLength(1);
  });

  it("names the document and field of a bad host", async () => {
    const bad = ledger.replace("host: ledger.acme.example", "host: 'ledger acme!'");
    const error = (await plan(`${service}---${bad}`).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(400);
    expect(error.message).toBe("documents[1].spec.rules[0].host: must be a hostname");
    expect(error.fields[0]).toEqual({ field: "documents[1].spec.rules[0].host", message: "must be a hostname" });
  });

  it("reports every bad field at once, and YAML syntax errors by document", async () => {
    const noName = ledger.replace("metadata: { name: ledger }", "metadata: {}");
    const badPath = ordersApi.replace("path: /api/v1", "path: api/v1");
    const e1 = (await plan(`${noName}---${badPath}`).catch((e: unknown) => e)) as AppError;
    expect(e1.fields.map((f) => f.field)).toEqual(["documents[0].metadata.name", "documents[1].spec.rules[0].http.paths[0].path"]);

    const e2 = (await plan(`${ledger}---\nkind: [unclosed\n`).catch((e: unknown) => e)) as AppError;
    expect(e2.fields[0]?.field).toBe("documents[1]");
    expect(e2.fields[0]?.message).toMatch(/^is not valid YAML/);

    const e3 = (await plan("- just\n- a list\n").catch((e: unknown) => e)) as AppError;
    expect(e3.message).toBe("documents[0]: must be a Kubernetes object with apiVersion and kind");
  });

  it("validates the envelope", async () => {
    const error = (await planIngressImport({ yaml: "  ", environmentId: "", domainId: "d" }, { lookup: none }).catch((e: unknown) => e)) as AppError;
    expect(error.fields.map((f) => f.field)).toEqual(["yaml", "environmentId"]);
  });
});
