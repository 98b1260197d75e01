// token-peer: Perimeter and panva's oidc-provider (./lib/peer-server.mjs) side
// by side in one run: interleaved rounds, the same autocannon settings
// (10 connections), for
//   - token: client_credentials with client_secret_basic (RS256 JWTs on both;
//     Perimeter records every token — Token row and token.issued audit event
//     committed before the answer — the peer stores nothing);
//   - introspection: RFC 7662 with client_secret_basic (Perimeter: its JWT;
//     the peer: an opaque token, it introspects no JWT).
// Prints both, the ratio per round (min/median/max), and checks afterwards that
// every token Perimeter answered has its row and audit event.
// Goal (../shared/BENCH.md): token >= 1.0x the peer with every token recorded; introspection >= 1.0x.
// Run: npx tsx bench/token-peer.ts   (needs the production build: npm run build)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createDb } from "../lib/db/client";
import { basic, checkRuns, freePort, handle, load, prepareDatabase, startPerimeter, summary, waitFor, type Run, type Server } from "./lib/harness";

const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = 10;

async function startPeer(clientId: string, secret: string): Promise<Server> {
  const port = await freePort(3350 + Math.floor(Math.random() * 100));
  const output: string[] = [];
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "lib/peer-server.mjs")], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), CLIENT_ID: clientId, CLIENT_SECRET: secret },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  await waitFor(`http://127.0.0.1:${port}/.well-known/openid-configuration`, child, output);
  return handle(child, port);
}

const form = { "content-type": "application/x-www-form-urlencoded" };
async function post(url: string, authorization: string, body: string): Promise<Record<string, unknown>> {
  const r = await fetch(url, { method: "POST", headers: { ...form, authorization }, body });
  const json = (await r.json()) as Record<string, unknown>;
  if (!r.ok) throw new Error(`${url}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

/** Mean of each stage of Perimeter's issuance (perimeter_token_stage_seconds), in ms, over every token so far. */
async function stageMeans(base: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const of = (stage: string, what: "sum" | "count") => Number(text.match(new RegExp(`^perimeter_token_stage_seconds_${what}\\{stage="${stage}"\\} (\\S+)$`, "m"))?.[1] ?? NaN);
  return Object.fromEntries(["sign", "record"].map((st) => [st, (of(st, "sum") / of(st, "count")) * 1000]));
}

/** CPU seconds (user + system) a process has used so far: all its threads, its main thread (the event loop), and each thread by id; Linux /proc. */
function cpuSeconds(pid: number | undefined): { all: number; loop: number; threads: Map<string, number> } {
  const of = (file: string) => {
    try {
      const fields = readFileSync(file, "utf8").split(") ")[1]!.split(" ");
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return NaN;
    }
  };
  const threads = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) threads.set(tid, of(`/proc/${pid}/task/${tid}/stat`));
  } catch {
    // not Linux: no per-thread figures
  }
  return { all: of(`/proc/${pid}/stat`), loop: of(`/proc/${pid}/task/${pid}/stat`), threads };
}

/** The threads other than the main one that used the most CPU between two readings, in µs per answered request. */
function busiestThreads(pid: number | undefined, a: Map<string, number>, b: Map<string, number>, answered: number): number[] {
  return [...b]
    .filter(([tid]) => tid !== String(pid))
    .map(([tid, s]) => ((s - (a.get(tid) ?? 0)) * 1e6) / answered)
    .filter((us) => us >= 1)
    .sort((x, y) => y - x)
    .slice(0, 6);
}

const fx = await prepareDatabase("token-peer");
const METRICS_TOKEN = randomBytes(24).toString("base64url");
const perimeter = await startPerimeter(fx.url, { PERIMETER_TOKEN_RATE_PER_CLIENT: "1000000", PERIMETER_TOKEN_RATE_PER_ADDRESS: "1000000", PERIMETER_METRICS_TOKEN: METRICS_TOKEN });
const peerSecret = randomBytes(32).toString("base64url");
const peer = await startPeer("bench-peer", peerSecret);

const p = { base: `http://127.0.0.1:${perimeter.port}`, auth: basic(fx.clientName, fx.secret) };
const o = { base: `http://127.0.0.1:${peer.port}`, auth: basic("bench-peer", peerSecret) };
const target = {
  perimeter: { token: { url: `${p.base}/oauth/token`, headers: { ...form, authorization: p.auth }, body: "grant_type=client_credentials" } },
  peer: { token: { url: `${o.base}/token`, headers: { ...form, authorization: o.auth }, body: "grant_type=client_credentials&scope=read" } },
};
// a sample of each, and the tokens to introspect
const pTok = (await post(target.perimeter.token.url, p.auth, target.perimeter.token.body)).access_token as string;
const oJwt = (await post(target.peer.token.url, o.auth, target.peer.token.body)).access_token as string;
if (oJwt.split(".").length !== 3) throw new Error("the peer did not issue a JWT");
const oOpaque = (await post(target.peer.token.url, o.auth, "grant_type=client_credentials&scope=read&resource=urn%3Abench%3Aopaque")).access_token as string;
const introspection = {
  perimeter: { url: `${p.base}/oauth/introspect`, headers: { ...form, authorization: p.auth }, body: new URLSearchParams({ token: pTok }).toString() },
  peer: { url: `${o.base}/token/introspection`, headers: { ...form, authorization: o.auth }, body: new URLSearchParams({ token: oOpaque }).toString() },
};
for (const [who, t] of Object.entries(introspection)) if ((await post(t.url, t.headers.authorization, t.body)).active !== true) throw new Error(`${who}: the token is not active`);

let answered = 1;
const runs = { pToken: [] as Run[], oToken: [] as Run[], pIntro: [] as Run[], oIntro: [] as Run[] };
/** CPU milliseconds per answered request, per run: the process's, and its event loop's */
const cpu = { pToken: [] as number[], oToken: [] as number[], pLoop: [] as number[], oLoop: [] as number[] };
/** the other threads' CPU per token, busiest first, in the last round */
const otherThreads = { perimeter: [] as number[], peer: [] as number[] };
try {
  console.log(`token-peer: ${ROUNDS} interleaved rounds x ${DURATION} s per target, ${CONNECTIONS} connections; peer: oidc-provider (in-memory, NODE_ENV=production)`);
  // warm-up of both
  answered += (await load({ ...target.perimeter.token, connections: CONNECTIONS, duration: 2 })).ok ?? 0;
  await load({ ...target.peer.token, connections: CONNECTIONS, duration: 2 });
  await load({ ...introspection.perimeter, connections: CONNECTIONS, duration: 2 });
  await load({ ...introspection.peer, connections: CONNECTIONS, duration: 2 });
  for (let i = 0; i < ROUNDS; i++) {
    // alternate who goes first, so neither always runs on the warmer machine
    const order = i % 2 ? (["peer", "perimeter"] as const) : (["perimeter", "peer"] as const);
    for (const who of order) {
      const pid = (who === "perimeter" ? perimeter : peer).child.pid;
      const c0 = cpuSeconds(pid);
      const r = await load({ ...target[who].token, connections: CONNECTIONS, duration: DURATION });
      const c1 = cpuSeconds(pid);
      const n = Math.max(1, r.ok ?? r.rps * DURATION);
      (who === "perimeter" ? cpu.pToken : cpu.oToken).push(((c1.all - c0.all) * 1000) / n);
      (who === "perimeter" ? cpu.pLoop : cpu.oLoop).push(((c1.loop - c0.loop) * 1000) / n);
      otherThreads[who] = busiestThreads(pid, c0.threads, c1.threads, n);
      (who === "perimeter" ? runs.pToken : runs.oToken).push(r);
      if (who === "perimeter") answered += r.ok ?? 0;
    }
    for (const who of order) (who === "perimeter" ? runs.pIntro : runs.oIntro).push(await load({ ...introspection[who], connections: CONNECTIONS, duration: DURATION }));
  }
  for (const [label, r] of Object.entries(runs)) checkRuns(label, r);
  const ratio = (label: string, mine: Run[], theirs: Run[], goal: string) => {
    const xs = mine.map((r, i) => r.rps / theirs[i]!.rps).sort((a, b) => a - b);
    const med = xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
    console.log(`ratio ${label} (Perimeter / oidc-provider, per round): min ${xs[0]!.toFixed(2)}x  median ${med.toFixed(2)}x  max ${xs.at(-1)!.toFixed(2)}x  (goal ${goal})`);
  };
  console.log("-- token, client_credentials, client_secret_basic");
  summary("oidc-provider 9 (stores nothing)", runs.oToken);
  summary("oidc-provider p50 (ms)", runs.oToken, "p50", 1);
  summary("oidc-provider p99 (ms)", runs.oToken, "p99", 1);
  summary("Perimeter (every token recorded)", runs.pToken);
  summary("Perimeter p50 (ms)", runs.pToken, "p50", 1);
  summary("Perimeter p99 (ms)", runs.pToken, "p99", 1);
  ratio("token", runs.pToken, runs.oToken, ">= 1.0x");
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`CPU per token (server process, all threads): oidc-provider ${med(cpu.oToken).toFixed(2)} ms, Perimeter ${med(cpu.pToken).toFixed(2)} ms (median of the rounds)`);
  // the rest is each server's other threads: signatures (the peer: libuv's threadpool; Perimeter: its signing threads), GC, and Perimeter's journal writer
  console.log(`  of which the event loop (main thread): oidc-provider ${med(cpu.oLoop).toFixed(2)} ms, Perimeter ${med(cpu.pLoop).toFixed(2)} ms`);
  // Perimeter's: its signing threads (one per core), the journal's writer thread, then V8's; the peer's: libuv's threadpool (its signatures), then V8's
  const list = (xs: number[]) => (xs.length ? xs.map((us) => us.toFixed(0)).join(", ") : "n/a");
  console.log(`  the busiest other threads, µs per token (last round): oidc-provider ${list(otherThreads.peer)}; Perimeter ${list(otherThreads.perimeter)}`);
  const stages = await stageMeans(p.base);
  console.log(`Perimeter, from the claims to (mean over every token): the signature ${stages.sign!.toFixed(2)} ms, the record's commit ${stages.record!.toFixed(2)} ms (answered after both)`);
  console.log("-- introspection, client_secret_basic");
  summary("oidc-provider 9 (opaque token)", runs.oIntro);
  summary("oidc-provider p99 (ms)", runs.oIntro, "p99", 1);
  summary("Perimeter (its JWT)", runs.pIntro);
  summary("Perimeter p99 (ms)", runs.pIntro, "p99", 1);
  ratio("introspection", runs.pIntro, runs.oIntro, ">= 1.0x");
} finally {
  await perimeter.stop();
  await peer.stop();
}
const db = createDb(fx.url);
const [rows, events] = [await db.token.count(), await db.auditEvent.count({ where: { action: "token.issued" } })];
await db.$disconnect();
console.log(`recorded: ${rows} Token rows and ${events} token.issued events for ${answered} tokens Perimeter answered${rows >= answered && events >= answered ? " (none unrecorded)" : "  <-- MISSING RECORDS"}`);
