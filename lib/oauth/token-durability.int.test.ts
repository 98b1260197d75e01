// Durability of token records under a crash, on each database: a real
// token-service process (../testing/fast-path-server.ts) issues tokens to
// concurrent clients and is killed with SIGKILL mid-load; every token a client
// received has its Token row and its token.issued audit event, the audit
// chain verifies, and a restarted process issues again on the same database.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/verify";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { basic } from "../testing/token-service";
import { tokenFixture } from "../testing/token-fixture";

const root = path.resolve(import.meta.dirname, "../..");

function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "lib/testing/fast-path-server.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      output += d.toString();
      const m = /listening (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${m[1]}` });
      }
    });
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    child.once("exit", (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
}

describe.each(providersUnderTest)("token records survive kill -9 on %s", (provider) => {
  let t: TestDatabase;
  let secret = "";

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    ({ secret } = await tokenFixture(t.db));
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("every token a client received is recorded, though the process died mid-load", async () => {
    const server = await startServer(t.url);
    const received: string[] = [];
    const refused: string[] = [];
    let killed = false;
    const client = async () => {
      while (!killed) {
        try {
          const res = await fetch(`${server.base}/oauth/token`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic("svc-orders", secret) },
            body: "grant_type=client_credentials",
          });
          if (res.status === 200) received.push(((await res.json()) as { access_token: string }).access_token);
          else refused.push(`${res.status} ${await res.text()}`);
        } catch {
          // the connection died with the process: that request's token, if any, was never received
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    // kill once the load is well under way, with requests in flight
    const deadline = Date.now() + 30_000;
    while (received.length < 150 && refused.length < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(refused.slice(0, 3)).toEqual([]);
    server.child.kill("SIGKILL");
    await new Promise((r) => server.child.once("exit", r));
    killed = true;
    await Promise.all(clients);

    expect(received.length).toBeGreaterThanOrEqual(150);
    const jtis = received.map((tok) => decodeJwt(tok).jti!);
    const rows = await t.db.token.findMany({ where: { jti: { in: jtis } }, select: { jti: true } });
    expect(rows.length).toBe(jtis.length);
    const events = await t.db.auditEvent.findMany({ where: { action: "token.issued" }, select: { after: true } });
    const audited = new Set(events.map((e) => (JSON.parse(e.after!) as { jti: string }).jti));
    expect(jtis.filter((j) => !audited.has(j))).toEqual([]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });

    // a new process on the same database issues again, and the chain still verifies
    const again = await startServer(t.url);
    try {
      const res = await fetch(`${again.base}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic("svc-orders", secret) },
        body: "grant_type=client_credentials",
      });
      expect(res.status).toBe(200);
      expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    } finally {
      again.child.kill("SIGTERM");
      await new Promise((r) => again.child.once("exit", r));
    }
  });
});
