// Shared by the token-service benchmarks: a fresh SQLite database with the
// demo catalog plus a fixture (a client bound to a profile, with a secret; an
// API token), the real server (scripts/server.ts in production mode, fast path
// ahead of Next) on a free port, a bare node:http baseline in its own process,
// and autocannon runs summarised as min/median/max. See ../../shared/BENCH.md.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import { createApiToken } from "../../lib/api-tokens/manage-api-tokens";
import { systemActor } from "../../lib/auth/permissions";
import { submitChange } from "../../lib/testing/submit-change";
import { createDb } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { seedDemo } from "../../lib/seed/demo";

export const root = path.resolve(import.meta.dirname, "../..");

export function freePort(from = 3140): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () => (from < 3999 ? freePort(from + 1).then(resolve, reject) : reject(new Error("no free port"))));
    probe.listen(from, "127.0.0.1", () => probe.close(() => resolve(from)));
  });
}

export type Fixture = { url: string; clientName: string; secret: string; hash: string; apiToken: string; resource: string };

/** A fresh database: demo catalog + a service client bound to a read/write profile + an API token. */
export async function prepareDatabase(name: string): Promise<Fixture> {
  const dir = path.join(root, "data", "bench");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.db`);
  for (const s of ["", "-wal", "-shm"]) rmSync(`${file}${s}`, { force: true });
  const url = `file:${file}`;
  await migrate(url, root);
  const db = createDb(url);
  await seedDemo(db, { password: "perimeter-demo", log: () => {} });
  const dev = await db.environment.findUniqueOrThrow({ where: { name: "dev" } });
  const domain = await db.domain.findFirstOrThrow();
  const done = await submitChange(db, {
    actor: systemActor,
    input: {
      title: "Benchmark fixture",
      operations: [
        { entity: "resource", kind: "create", id: "bench-res", data: { name: "bench-db", kind: "database", environmentId: dev.id, domainId: domain.id } },
        { entity: "scope", kind: "create", id: "bench-read", data: { resourceId: "bench-res", action: "read" } },
        { entity: "scope", kind: "create", id: "bench-write", data: { resourceId: "bench-res", action: "write" } },
        { entity: "profile", kind: "create", id: "bench-prof", data: { name: "bench-rw", environmentId: dev.id, scopeIds: ["bench-read", "bench-write"] } },
        { entity: "client", kind: "create", id: "bench-client", data: { name: "bench-svc", kind: "service" } },
        { entity: "binding", kind: "create", id: "bench-binding", data: { clientId: "bench-client", profileId: "bench-prof" } },
        { entity: "credential", kind: "create", id: "bench-cred", data: { clientId: "bench-client", kind: "secret" } },
      ],
    },
  });
  const admin = await db.user.findFirstOrThrow({ where: { role: "admin" } });
  const token = await createApiToken(db, { actor: { id: admin.id, label: admin.email, role: "admin", kind: "user" }, input: { name: "bench", access: "read" } });
  const { hash } = await db.credential.findUniqueOrThrow({ where: { id: "bench-cred" } });
  await db.$disconnect();
  return { url, clientName: "bench-svc", secret: done.results.find((r) => r.entity === "credential")!.secret!, hash, apiToken: token.token, resource: "dev/bench-db" };
}

export type Server = { port: number; child: ChildProcess; /** what it printed so far */ output(): string; stop(): Promise<void> };

export async function waitFor(url: string, child: ChildProcess, output: string[]) {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output.join("")}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start: ${output.join("")}`);
}

export function handle(child: ChildProcess, port: number, output: string[] = []): Server {
  return {
    port,
    child,
    output: () => output.join(""),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 8_000).unref();
      }),
  };
}

/** The production server (fast path ahead of Next). */
export async function startPerimeter(url: string, env: Record<string, string> = {}): Promise<Server> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  const port = await freePort(3140 + Math.floor(Math.random() * 100));
  const output: string[] = [];
  // BENCH_NODE_FLAGS: extra flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (a V8 CPU profile when it stops) or "--trace-gc"
  const flags = process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, "--import", "tsx", path.join(root, "scripts/server.ts")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXTAUTH_SECRET: "bench-secret-bench-secret-0123456789abcdef",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      PERIMETER_SEED: "none",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  await waitFor(`http://127.0.0.1:${port}/.well-known/oauth-authorization-server`, child, output);
  return handle(child, port, output);
}

/** The baseline in its own process: bare node:http (see ./bare-server.mjs). */
export async function startBare(mode: "json" | "sign", env: Record<string, string>): Promise<Server> {
  const port = await freePort(3250 + Math.floor(Math.random() * 100));
  const output: string[] = [];
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "bare-server.mjs")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), MODE: mode, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  await waitFor(`http://127.0.0.1:${port}/`, child, output);
  return handle(child, port, output);
}

export type Load = { url: string; method?: "GET" | "POST"; headers?: Record<string, string>; body?: string; connections?: number; duration?: number; overallRate?: number };
export type Run = { rps: number; p50: number; p99: number; errors: number; non2xx: number; ok?: number };

export async function load(o: Load): Promise<Run> {
  const r = await autocannon({
    url: o.url,
    method: o.method ?? "POST",
    headers: o.headers,
    body: o.body,
    connections: o.connections ?? 50,
    duration: o.duration ?? 5,
    ...(o.overallRate ? { overallRate: o.overallRate } : {}),
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, ok: r["2xx"] };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

export function summary(label: string, runs: Run[], metric: keyof Run = "rps", digits = 0): { min: number; median: number; max: number } {
  const xs = runs.map((r) => r[metric] ?? 0);
  const s = { min: Math.min(...xs), median: median(xs), max: Math.max(...xs) };
  console.log(`${label.padEnd(44)} ${metric.padEnd(4)} min ${fmt(s.min, digits).padStart(9)}  median ${fmt(s.median, digits).padStart(9)}  max ${fmt(s.max, digits).padStart(9)}`);
  return s;
}

export function checkRuns(label: string, runs: Run[]) {
  const bad = runs.reduce((n, r) => n + r.errors + r.non2xx, 0);
  if (bad) console.log(`  warning: ${label}: ${bad} errors or non-2xx answers across the runs`);
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

/**
 * An open-loop load at a fixed rate (requests started on schedule whatever the
 * answers do), with latencies measured to the microsecond: autocannon's rate
 * mode records whole milliseconds and its own timer jitter.
 */
export async function fixedRate(o: { url: string; headers: Record<string, string>; body: string; rate: number; seconds: number }): Promise<{ sent: number; p50: number; p99: number; max: number; errors: number }> {
  const { request, Agent } = await import("node:http");
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const u = new URL(o.url);
  const latencies: number[] = [];
  let errors = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const start = process.hrtime.bigint();
      const req = request(
        { host: u.hostname, port: u.port, path: u.pathname, method: "POST", headers: { ...o.headers, "content-length": Buffer.byteLength(o.body) }, agent },
        (res) => {
          res.on("data", () => {});
          res.on("end", () => {
            if (res.statusCode !== 200) errors++;
            latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(o.body);
    });
  const total = o.rate * o.seconds;
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / o.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(one());
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { sent: total, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? NaN, errors };
}

/**
 * What on this machine, outside the benchmark, takes the cores in bursts: DAMON's
 * kernel thread (kdamond) when the kernel runs a monitoring scheme. Seen here
 * (perf sched timehist): ~3–4 ms on one core every ~510 ms, which delays
 * whichever thread was about to run there — the tail clusters of a fixed-rate run.
 */
export function machineNotes(): string[] {
  const dir = "/sys/kernel/mm/damon/admin/kdamonds";
  try {
    const on = readdirSync(dir).filter((d) => /^\d+$/.test(d) && readFileSync(`${dir}/${d}/state`, "utf8").trim() === "on");
    return on.length ? [`kdamond (DAMON) is on (${on.length} thread${on.length > 1 ? "s" : ""}): a kernel thread that takes a core for a few ms about twice a second`] : [];
  } catch {
    return [];
  }
}
