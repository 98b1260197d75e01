// token-cc: client_credentials (client_secret_post) against a bare node:http
// endpoint that only verifies the same secret against the same argon2id hash
// with the same settings, in the same run. Rate limits are lifted for the run.
// Goal (../shared/BENCH.md): >= 70% of the verify-only endpoint.
// Run: npx tsx bench/token-cc.ts   (needs the production build: npm run build)
import { checkRuns, load, prepareDatabase, startBare, startPerimeter, summary, type Run } from "./lib/harness";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);

const fx = await prepareDatabase("token-cc");
const perimeter = await startPerimeter(fx.url, { PERIMETER_TOKEN_RATE_PER_CLIENT: "1000000", PERIMETER_TOKEN_RATE_PER_ADDRESS: "1000000" });
const url = `http://127.0.0.1:${perimeter.port}/oauth/token`;
const headers = { "content-type": "application/x-www-form-urlencoded" };
const body = new URLSearchParams({ grant_type: "client_credentials", client_id: fx.clientName, client_secret: fx.secret }).toString();
const sample = await (await fetch(url, { method: "POST", headers, body })).text();
if (!JSON.parse(sample).access_token) throw new Error(`no token: ${sample}`);
const bare = await startBare("argon2", { BODY: sample, HASH: fx.hash });
const bareUrl = `http://127.0.0.1:${bare.port}/`;

try {
  console.log(`token-cc: ${RUNS} runs x ${DURATION} s, 50 connections`);
  await load({ url, headers, body, duration: 2 });
  await load({ url: bareUrl, headers, body, duration: 2 });
  const base: Run[] = [];
  const fig: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await load({ url: bareUrl, headers, body, duration: DURATION }));
    fig.push(await load({ url, headers, body, duration: DURATION }));
  }
  checkRuns("verify-only", base);
  checkRuns("token endpoint", fig);
  const b = summary("baseline: verify the secret hash only", base);
  summary("baseline p99 (ms)", base, "p99", 1);
  const f = summary("client_credentials (fast path)", fig);
  summary("client_credentials p99 (ms)", fig, "p99", 1);
  const ratios = fig.map((r, i) => r.rps / base[i]!.rps);
  console.log(`ratio (token / verify-only, per run): min ${(Math.min(...ratios) * 100).toFixed(1)}%  median ${((f.median / b.median) * 100).toFixed(1)}%  max ${(Math.max(...ratios) * 100).toFixed(1)}%  (goal >= 70%)`);
} finally {
  await perimeter.stop();
  await bare.stop();
}
