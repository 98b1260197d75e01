// token-cc: client_credentials (client_secret_post) against a bare node:http
// endpoint that does the least any token endpoint must: compares the secret in
// constant time and signs an RS256 JWT with jose, storing and auditing nothing
// (./lib/bare-server.mjs, MODE=sign). Perimeter additionally authenticates
// against the stored keyed hash, checks the catalog, rate-limits and records
// every token (Token row + token.issued audit event, committed before the
// answer). The RS256 signature is the shared physical limit. Rate limits are
// lifted for the run. Run: npx tsx bench/token-cc.ts   (needs the production build: npm run build)
import { createDb } from "../lib/db/client";
import { checkRuns, load, prepareDatabase, startBare, startPerimeter, summary, type Run } from "./lib/harness";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const fx = await prepareDatabase("token-cc");
const perimeter = await startPerimeter(fx.url, { PERIMETER_TOKEN_RATE_PER_CLIENT: "1000000", PERIMETER_TOKEN_RATE_PER_ADDRESS: "1000000" });
const url = `http://127.0.0.1:${perimeter.port}/oauth/token`;
const headers = { "content-type": "application/x-www-form-urlencoded" };
const body = new URLSearchParams({ grant_type: "client_credentials", client_id: fx.clientName, client_secret: fx.secret }).toString();
const sample = await (await fetch(url, { method: "POST", headers, body })).text();
if (!JSON.parse(sample).access_token) throw new Error(`no token: ${sample}`);
const bare = await startBare("sign", { SECRET: fx.secret });
const bareUrl = `http://127.0.0.1:${bare.port}/`;

let issued = 1;
try {
  console.log(`token-cc: ${RUNS} runs x ${DURATION} s, ${CONNECTIONS} connections`);
  issued += (await load({ url, headers, body, duration: 2, connections: CONNECTIONS })).ok ?? 0;
  await load({ url: bareUrl, headers, body, duration: 2, connections: CONNECTIONS });
  const base: Run[] = [];
  const fig: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await load({ url: bareUrl, headers, body, duration: DURATION, connections: CONNECTIONS }));
    fig.push(await load({ url, headers, body, duration: DURATION, connections: CONNECTIONS }));
    issued += fig.at(-1)!.ok ?? 0;
  }
  checkRuns("sign-only", base);
  checkRuns("token endpoint", fig);
  const b = summary("baseline: compare secret + sign RS256 only", base);
  summary("baseline p99 (ms)", base, "p99", 1);
  const f = summary("client_credentials (fast path, recorded)", fig);
  summary("client_credentials p50 (ms)", fig, "p50", 1);
  summary("client_credentials p99 (ms)", fig, "p99", 1);
  const ratios = fig.map((r, i) => r.rps / base[i]!.rps);
  console.log(`ratio (token / sign-only, per run): min ${(Math.min(...ratios) * 100).toFixed(1)}%  median ${((f.median / b.median) * 100).toFixed(1)}%  max ${(Math.max(...ratios) * 100).toFixed(1)}%`);
} finally {
  await perimeter.stop();
  await bare.stop();
}
// every token a client received has its row and its token.issued event
const db = createDb(fx.url);
const [rows, events] = [await db.token.count(), await db.auditEvent.count({ where: { action: "token.issued" } })];
await db.$disconnect();
console.log(`recorded: ${rows} Token rows and ${events} token.issued events for ${issued} tokens answered${rows >= issued && events >= issued ? "" : "  <-- MISSING RECORDS"}`);
