// Two app instances (scripts/server.ts, production mode) on one fresh
// PostgreSQL database: a token revoked through one is reported inactive by
// the other's introspection within one second (LISTEN/NOTIFY). Runs only
// with TEST_DATABASE_URL, and needs the production build in .next (`npm test`
// and `npm run build` make it).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../auth/permissions";
import { submitChange } from "../testing/submit-change";
import { createTestDatabase, pgAdminUrl, type TestDatabase } from "../testing/databases";

const root = path.resolve(import.meta.dirname, "../..");
const built = existsSync(path.join(root, ".next", "BUILD_ID"));
const reason = !pgAdminUrl ? "TEST_DATABASE_URL is not set" : !built ? "there is no production build in .next (run `npm run build`)" : null;
if (reason) console.warn(`revocation propagation across instances: skipped, ${reason}.`);

function freePort(from: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () => (from < 3999 ? freePort(from + 1).then(resolve, reject) : reject(new Error("no free port"))));
    probe.listen(from, "127.0.0.1", () => probe.close(() => resolve(from)));
  });
}

type Instance = { port: number; child: ChildProcess; output: string[] };

async function startInstance(port: number, url: string): Promise<Instance> {
  const output: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/server.ts")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXTAUTH_SECRET: "propagation-test-secret-0123456789abcdef",
      NEXTAUTH_URL: "http://perimeter.test",
      PERIMETER_ISSUER: "http://perimeter.test",
      PERIMETER_SEED: "none",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`instance on ${port} exited: ${output.join("")}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/.well-known/oauth-authorization-server`);
      if (res.ok) return { port, child, output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGTERM");
  throw new Error(`instance on ${port} did not start: ${output.join("")}`);
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

async function post(port: number, p: string, form: Record<string, string>, authorization: string) {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.skipIf(!!reason)("revocation across two instances on PostgreSQL", () => {
  let t: TestDatabase;
  let a: Instance;
  let b: Instance;
  let auth = "";

  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    const done = await submitChange(t.db, {
      actor: systemActor,
      input: {
        title: "Fixture",
        operations: [
          { entity: "environment", kind: "create", id: "env", data: { name: "prod" } },
          { entity: "domain", kind: "create", id: "dom", data: { name: "payments" } },
          { entity: "resource", kind: "create", id: "res", data: { name: "orders-db", kind: "database", environmentId: "env", domainId: "dom" } },
          { entity: "scope", kind: "create", id: "s", data: { resourceId: "res", action: "read" } },
          { entity: "profile", kind: "create", id: "p", data: { name: "orders-ro", scopeIds: ["s"] } },
          { entity: "client", kind: "create", id: "c", data: { name: "svc-orders", kind: "service" } },
          { entity: "binding", kind: "create", id: "b", data: { clientId: "c", profileId: "p" } },
          { entity: "credential", kind: "create", id: "k", data: { clientId: "c", kind: "secret" } },
        ],
      },
    });
    auth = basic("svc-orders", done.results.find((r) => r.entity === "credential")!.secret!);
    // one after the other: the first creates the signing key, the second finds it
    a = await startInstance(await freePort(3130 + Math.floor(Math.random() * 200)), t.url);
    b = await startInstance(await freePort(a.port + 1), t.url);
  }, 200_000);

  afterAll(async () => {
    for (const i of [a, b]) {
      if (!i || i.child.exitCode !== null) continue;
      const exited = new Promise((r) => i.child.once("exit", r));
      i.child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 8_000))]);
    }
    await t?.drop();
  }, 60_000);

  it("the other instance reports active:false within one second, every time", async () => {
    const delays: number[] = [];
    for (let round = 0; round < 5; round++) {
      const issued = await post(a.port, "/oauth/token", { grant_type: "client_credentials" }, auth);
      expect(issued.status, JSON.stringify(issued.body)).toBe(200);
      const token = issued.body.access_token as string;
      expect((await post(b.port, "/oauth/introspect", { token }, auth)).body.active).toBe(true);

      const start = performance.now();
      expect((await post(a.port, "/oauth/revoke", { token }, auth)).status).toBe(200);
      let active = true;
      while (active && performance.now() - start < 5_000) {
        active = (await post(b.port, "/oauth/introspect", { token }, auth)).body.active as boolean;
      }
      delays.push(performance.now() - start);
      expect(active).toBe(false);
    }
    console.log(`revocation seen by the other instance after ${delays.map((d) => `${d.toFixed(0)} ms`).join(", ")} (max ${Math.max(...delays).toFixed(0)} ms)`);
    expect(Math.max(...delays)).toBeLessThan(1_000);
  }, 60_000);
});
