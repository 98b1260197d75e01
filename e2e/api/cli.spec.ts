// The perimeter CLI as a user runs it: a spawned process against the real
// server, with an API token in PERIMETER_TOKEN. Export -> plan is empty; an
// edited file -> plan shows exactly that edit and its reach delta; apply opens
// the change request (once); after approval the plan is empty again.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { parse, stringify } from "yaml";
import { storageState, uniqueName } from "../helpers";
import { adminSession, mintToken } from "./api";

const run = promisify(execFile);
const bin = path.resolve("bin/perimeter.mjs");

type Outcome = { code: number; stdout: string; stderr: string };

async function perimeter(args: string[], env: Record<string, string>): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}


/** A client of the test's own, bound to a profile (approved and applied by the approver when the rules ask for review). */
async function boundClient(baseURL: string, writer: APIRequestContext, prefix: string, profileName: string) {
  const name = uniqueName(prefix);
  const created = await writer.post("/api/v1/clients", { data: { name, kind: "pipeline" } });
  expect(created.status(), await created.text()).toBe(201);
  const clientId = ((await created.json()) as { result: { id: string } }).result.id;
  const profiles = (await (await writer.get(`/api/v1/profiles?q=${profileName}`)).json()) as { items: { id: string; name: string }[] };
  const profileId = profiles.items.find((p) => p.name === profileName)!.id;
  const bound = await writer.post("/api/v1/bindings", { data: { clientId, profileId } });
  expect([200, 201, 202], await bound.text()).toContain(bound.status());
  if (bound.status() === 202) {
    const n = ((await bound.json()) as { changeRequest: { number: number } }).changeRequest.number;
    const approver = await request.newContext({ baseURL, storageState: storageState("approver") });
    expect((await approver.post(`/api/v1/changes/${n}/reviews`, { data: { decision: "approve" } })).status()).toBe(200);
    expect((await approver.post(`/api/v1/changes/${n}/apply`, { data: {} })).status()).toBe(200);
  }
  return name;
}

test.setTimeout(180_000);

test("export, plan, edit, plan, apply (once), approve, plan again", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  const env = { PERIMETER_URL: baseURL!, PERIMETER_TOKEN: (await mintToken(admin, "write")).token };
  const dir = mkdtempSync(path.join(tmpdir(), "perimeter-cli-"));

  // Other specs write the catalog in parallel: an export and the plan right after it may
  // straddle one of their writes. A real difference shows on every attempt; a race does not.
  type Plan = {
    planHash: string;
    operations: { kind: string; entity: string; key: string }[];
    analysis: { risk: { level: string }; delta: { gained: { client: string; action: string; resource: string; environment: string }[]; clientsGaining: number } };
  };
  async function exportThenPlan(edit?: () => void): Promise<{ exported: Outcome; planned: Outcome; plan: Plan }> {
    let last: { exported: Outcome; planned: Outcome; plan: Plan } | undefined;
    for (let attempt = 0; attempt < 4; attempt++) {
      rmSync(dir, { recursive: true, force: true });
      const exported = await perimeter(["export", "--out", dir], env);
      expect(exported.code, exported.stderr).toBe(0);
      edit?.();
      const planned = await perimeter(["plan", dir, "--output", "json"], env);
      expect([0, 2], planned.stdout + planned.stderr).toContain(planned.code);
      last = { exported, planned, plan: JSON.parse(planned.stdout) as Plan };
      const ops = last.plan.operations;
      const settled = edit ? ops.every((o) => o.key.includes(client)) : ops.length === 0;
      if (settled) return last;
    }
    return last!;
  }

  const client = uniqueName("cli-reader");
  const { exported, plan: unchanged } = await exportThenPlan();
  expect(exported.stdout).toContain("domains/search.yaml");
  const files = ["environments.yaml", "issuers.yaml", "domains/payments.yaml", "domains/search.yaml", "domains/platform.yaml"];
  for (const f of files) expect(readFileSync(path.join(dir, f), "utf8")).not.toMatch(/pmt_sec_|"id":|\bc[a-z0-9]{24}\b/);
  expect(unchanged.operations).toEqual([]);

  const valid = await perimeter(["validate", dir], env);
  // the demo catalog has findings, none blocking, and no assertions yet
  expect(valid.code, valid.stdout + valid.stderr).toBe(0);
  expect(valid.stdout).toContain("schema and references OK");

  // the edit: a new service bound to a read-only production profile
  const file = path.join(dir, "domains/search.yaml");
  // Apply the reviewed plan by its hash. If another spec's write lands between this plan
  // and its apply, the server refuses the plan as stale (tested below): plan again.
  let attemptApplied: Outcome | undefined;
  let attemptPlan: Plan | undefined;
  for (let attempt = 0; attempt < 4; attempt++) {
    const planning = await exportThenPlan(() => {
      const doc = parse(readFileSync(file, "utf8")) as { clients: object[] };
      doc.clients.push({ name: client, kind: "service", bindings: [{ profile: "search-readonly-prod" }] });
      writeFileSync(file, stringify(doc));
    });
    const plan = (attemptPlan = planning.plan);
    expect(planning.planned.code, planning.planned.stderr).toBe(2);
    expect(plan.operations.map((o) => `${o.kind} ${o.entity} ${o.key}`)).toEqual([`create client ${client}`, `create binding ${client} -> search-readonly-prod`]);
    expect(plan.analysis.delta.clientsGaining).toBe(1);
    expect(plan.analysis.delta.gained.map((g) => `${g.client} ${g.action} ${g.resource}`).sort()).toEqual([
      `${client} read prod/search-api`,
      `${client} read prod/search-index`,
    ]);
    const human = await perimeter(["plan", dir], env);
    expect(human.code).toBe(2);
    expect(human.stdout).toContain(`+ create binding ${client} -> search-readonly-prod`);
    expect(human.stdout).toMatch(/Reach delta: \+2 grants for 1 client/);

    const applied = (attemptApplied = await perimeter(["apply", dir, "--plan-hash", plan.planHash, "--output", "json"], env));
    const raced = applied.code === 1 && (applied.stdout + applied.stderr).includes("the catalog changed while these files were being applied");
    if (!raced) break;
  }
  const [applied, plan] = [attemptApplied!, attemptPlan!];
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  const opened = JSON.parse(applied.stdout) as { reused: boolean; url: string; changeRequest: { number: number; status: string } };
  expect(opened).toMatchObject({ reused: false, changeRequest: { status: "open" } });
  expect(opened.url).toBe(`${baseURL}/changes/${opened.changeRequest.number}`);

  // the same plan opens no second request
  const again = await perimeter(["apply", dir, "--output", "json"], env);
  expect(JSON.parse(again.stdout)).toMatchObject({ reused: true, changeRequest: { number: opened.changeRequest.number } });

  const detail = await admin.get(`/api/v1/changes/${opened.changeRequest.number}`);
  expect(await detail.json()).toMatchObject({ title: "Apply catalog files: 2 creates", status: "open", findings: [] });

  // review by someone else, then apply
  const approver = await request.newContext({ baseURL, storageState: storageState("approver") });
  const review = await approver.post(`/api/v1/changes/${opened.changeRequest.number}/reviews`, { data: { decision: "approve" } });
  expect(review.status(), await review.text()).toBe(200);
  const apply = await approver.post(`/api/v1/changes/${opened.changeRequest.number}/apply`, { data: {} });
  expect(apply.status(), await apply.text()).toBe(200);

  // applied: the files now match the catalog where they speak of this change (other specs
  // may have moved unrelated objects meanwhile, which the plan would rightly show)
  const after = await perimeter(["plan", dir, "--output", "json"], env);
  expect([0, 2], after.stdout + after.stderr).toContain(after.code);
  expect((JSON.parse(after.stdout) as Plan).operations.filter((o) => o.key.includes(client))).toEqual([]);

  // a plan made before the catalog moved is stale
  const stale = await perimeter(["apply", dir, "--plan-hash", plan.planHash], env);
  expect(stale.code).toBe(1);
  expect(stale.stderr).toContain("moved since this plan");
});

test("validate and test work offline on the files; bad files fail with the file and path", async ({ baseURL }) => {
  const dir = mkdtempSync(path.join(tmpdir(), "perimeter-cli-"));
  writeFileSync(path.join(dir, "environments.yaml"), stringify({ environments: [{ name: "prod", protection: "protected" }] }));
  writeFileSync(
    path.join(dir, "payments.yaml"),
    stringify({
      domain: { name: "payments" },
      resources: [{ name: "ledger-db", environment: "prod", kind: "database", scopes: [{ action: "read" }, { action: "write" }] }],
      profiles: [{ name: "ledger-write", environment: "prod", expiresAt: "2099-01-01T00:00:00Z", scopes: ["prod/ledger-db:write"] }],
      clients: [{ name: "ci-ledger", kind: "pipeline", bindings: [{ profile: "ledger-write" }] }],
      assertions: [
        { name: "ci-ledger-writes", rule: "can", client: "ci-ledger", action: "write", resource: "prod/ledger-db" },
        { name: "ledger-few", rule: "at-most", clients: 0, resource: "prod/ledger-db" },
      ],
    }),
  );
  // no server needed: a URL that answers nothing
  const offline = { PERIMETER_URL: "http://127.0.0.1:9", PERIMETER_TOKEN: "" };
  const t = await perimeter(["test", dir], offline);
  expect(t.code).toBe(1);
  expect(t.stdout).toMatch(/PASS\s+ci-ledger-writes/);
  expect(t.stdout).toMatch(/FAIL\s+ledger-few/);
  expect(t.stdout).toContain("ci-ledger → binding ci-ledger -> ledger-write → profile ledger-write → prod/ledger-db:write");

  writeFileSync(path.join(dir, "broken.yaml"), "clients:\n  - name: x1\n    kind: robot\n");
  const v = await perimeter(["validate", dir], offline);
  expect(v.code).toBe(1);
  expect(v.stderr).toContain("broken.yaml clients.0.kind");
  expect(baseURL).toBeTruthy();
});

test("an assertion broken by a change opened through the API is caught on the server", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  const writer = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${(await mintToken(admin, "write")).token}` } });
  const client = uniqueName("assert-target");
  const created = await writer.post("/api/v1/clients", { data: { name: client, kind: "service" } });
  expect(created.status(), await created.text()).toBe(201);
  const clientId = ((await created.json()) as { result: { id: string } }).result.id;
  const profiles = (await (await writer.get("/api/v1/profiles?q=search-readonly-prod")).json()) as { items: { id: string; name: string }[] };
  const profileId = profiles.items.find((p) => p.name === "search-readonly-prod")!.id;

  // a critical assertion: the change that breaks it is refused, naming the path
  const critical = uniqueName("no-index-read");
  const stored = await writer.post("/api/v1/assertions", {
    data: { name: critical, spec: { name: critical, rule: "cannot", client, action: "read", resource: "prod/search-index", severity: "critical" } },
  });
  expect(stored.status(), await stored.text()).toBe(201);
  const refused = await writer.post("/api/v1/bindings", { data: { clientId, profileId } });
  expect(refused.status()).toBe(400);
  const problem = (await refused.json()) as { detail: string; errors: { field: string; message: string }[] };
  expect(problem.detail).toContain(`assertion on ${critical}`);
  expect(problem.errors[0]!.message).toContain(`${client} → binding ${client} -> search-readonly-prod → profile search-readonly-prod → prod/search-index:read`);

  // loosening it is itself a change under review (a high finding), not a way around it
  const assertionId = ((await stored.json()) as { result: { id: string } }).result.id;
  const lowered = await writer.patch(`/api/v1/assertions/${assertionId}`, { data: { spec: { name: critical, rule: "cannot", client, action: "read", resource: "prod/search-index", severity: "high" } } });
  expect(lowered.status(), await lowered.text()).toBe(202);
  const redefinition = (await lowered.json()) as { findings: { checkId: string; severity: string }[] };
  expect(redefinition.findings).toEqual([expect.objectContaining({ checkId: "assertion-changed", severity: "high" })]);

  // a high assertion on another client: the change that breaks it is opened, flagged (shown on the change page)
  const other = uniqueName("assert-flagged");
  const otherCreated = await writer.post("/api/v1/clients", { data: { name: other, kind: "service" } });
  expect(otherCreated.status(), await otherCreated.text()).toBe(201);
  const otherId = ((await otherCreated.json()) as { result: { id: string } }).result.id;
  const high = uniqueName("no-index-read-high");
  const storedHigh = await writer.post("/api/v1/assertions", {
    data: { name: high, spec: { name: high, rule: "cannot", client: other, action: "read", resource: "prod/search-index", severity: "high" } },
  });
  expect(storedHigh.status(), await storedHigh.text()).toBe(201);
  const flagged = await writer.post("/api/v1/bindings", { data: { clientId: otherId, profileId } });
  expect(flagged.status(), await flagged.text()).toBe(202);
  const body = (await flagged.json()) as { changeRequest: { number: number; risk: string }; findings: { checkId: string; severity: string; message: string }[] };
  expect(body.changeRequest.risk).toMatch(/high|critical/);
  expect(body.findings).toEqual(expect.arrayContaining([expect.objectContaining({ checkId: "assertion", severity: "high", message: expect.stringContaining(`assertion ${high} broken`) })]));
  const change = await admin.get(`/api/v1/changes/${body.changeRequest.number}`);
  expect(JSON.stringify(await change.json())).toContain(`assertion ${high} broken`);
  // the console lists it as failing on the live catalog? Not yet: the change is only open
  const page = await admin.get("/assertions");
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain(critical);
});

test("credentials issue goes through review; the author's token collects the secret once; token prints a working access token", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  const env = { PERIMETER_URL: baseURL!, PERIMETER_TOKEN: (await mintToken(admin, "write")).token };
  // a client of its own; whether its new secret is reviewed is the approval rules' call
  const writer = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${env.PERIMETER_TOKEN}` } });
  const client = uniqueName("cli-cred");
  const created = await writer.post("/api/v1/clients", { data: { name: client, kind: "pipeline" } });
  expect(created.status(), await created.text()).toBe(201);
  const clientId = ((await created.json()) as { result: { id: string } }).result.id;

  const issued = await perimeter(["credentials", "issue", client, "--expires", "30d", "--label", "ci", "--output", "json"], env);
  expect(issued.code, issued.stdout + issued.stderr).toBe(0);
  const opened = JSON.parse(issued.stdout) as { changeRequest: { number: number; status: string }; secret: string | null };
  let secret = opened.secret;
  if (opened.changeRequest.status !== "applied") {
    // reviewed: someone else approves and applies; the secret waits, sealed, for the token's creator
    expect(secret).toBeNull();
    const approver = await request.newContext({ baseURL, storageState: storageState("approver") });
    const n = opened.changeRequest.number;
    expect((await approver.post(`/api/v1/changes/${n}/reviews`, { data: { decision: "approve" } })).status()).toBe(200);
    const applied = await approver.post(`/api/v1/changes/${n}/apply`, { data: {} });
    expect(applied.status(), await applied.text()).toBe(200);
    expect(await applied.text()).not.toContain("pmt_sec_");
    const collected = await perimeter(["credentials", "collect", `CR-${n}`, "--output", "json"], env);
    expect(collected.code, collected.stdout + collected.stderr).toBe(0);
    secret = (JSON.parse(collected.stdout) as { secrets: { secret: string }[] }).secrets[0]!.secret;
    const twice = await perimeter(["credentials", "collect", `${n}`], env);
    expect(twice.code).toBe(1);
  }
  expect(secret).toMatch(/^pmt_sec_/);

  // an unbound client gets no token: the CLI says why and exits 1
  const refused = await perimeter(["token", "--client-id", client, "--client-secret", secret!], env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/invalid_grant|invalid_scope|no profile|not bound/i);
  const profiles = (await (await writer.get("/api/v1/profiles?q=search-readonly-prod")).json()) as { items: { id: string; name: string }[] };
  const profileId = profiles.items.find((p) => p.name === "search-readonly-prod")!.id;
  const bound = await writer.post("/api/v1/bindings", { data: { clientId, profileId } });
  expect([200, 201, 202]).toContain(bound.status());
  if (bound.status() === 202) {
    const n = ((await bound.json()) as { changeRequest: { number: number } }).changeRequest.number;
    const approver = await request.newContext({ baseURL, storageState: storageState("approver") });
    expect((await approver.post(`/api/v1/changes/${n}/reviews`, { data: { decision: "approve" } })).status()).toBe(200);
    expect((await approver.post(`/api/v1/changes/${n}/apply`, { data: {} })).status()).toBe(200);
  }
  const token = await perimeter(["token", "--client-id", client, "--client-secret", secret!], env);
  expect(token.code, token.stdout + token.stderr).toBe(0);
  const [, payload] = token.stdout.trim().split(".");
  expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toMatchObject({ client_id: client, scope: expect.stringContaining("search-api:read") });
});

test("drill declares a client compromised from a pipeline's token; containing it stays an admin's", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  const minted = await mintToken(admin, "write");
  const env = { PERIMETER_URL: baseURL!, PERIMETER_TOKEN: minted.token };
  const writer = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${minted.token}` } });
  const client = await boundClient(baseURL!, writer, "cli-drilled", "search-readonly-prod");
  const started = await perimeter(["drill", client, "--reason", "quarterly drill", "--output", "json"], env);
  expect(started.code, started.stdout + started.stderr).toBe(0);
  const drill = JSON.parse(started.stdout) as { id: string; number: number; status: string; url: string; blastRadius: { resources: number; items: string[] } };
  expect(drill.status).toBe("running");
  expect(drill.url).toBe(`${baseURL}/drills/${drill.number}`);
  expect(drill.blastRadius.resources).toBeGreaterThan(0);
  expect(drill.blastRadius.items.join(" ")).toContain("search-api");
  // one drill at a time per client
  const second = await perimeter(["drill", client], env);
  expect(second.code).toBe(1);
  expect(second.stderr).toContain(`D-${drill.number} under way`);
  // the token (an editor's at most) cannot take the incident actions
  expect((await writer.post(`/api/v1/drills/${drill.id}/actions`, { data: { action: "suspend" } })).status()).toBe(403);
  const human = await perimeter(["drill", "no-such-client"], env);
  expect(human.code).toBe(1);
  expect(human.stderr).toContain("no-such-client");
  expect((await admin.post(`/api/v1/drills/${drill.id}/cancel`, { data: {} })).status()).toBe(200);
});
