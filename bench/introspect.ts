// introspect: RFC 7662 introspection of a valid JWT (client_secret_basic).
//   1. p99 at a fixed 500 requests/s (goal: under 2 ms), bare node:http at the same rate alongside,
//      timed by a raw-socket open-loop client (./lib/open-loop.ts) and, for comparison, by node:http's client;
//   2. throughput at 50 connections against bare node:http answering the same JSON (goal: >= 40%).
// Run: npx tsx bench/introspect.ts   (needs the production build: npm run build)
import { basic, checkRuns, fixedRate, load, machineNotes, prepareDatabase, startBare, startPerimeter, summary, type Run } from "./lib/harness";
import { openLoop, slowClusters } from "./lib/open-loop";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);

const fx = await prepareDatabase("introspect");
const perimeter = await startPerimeter(fx.url);
const base = `http://127.0.0.1:${perimeter.port}`;
const auth = basic(fx.clientName, fx.secret);
const issued = (await (
  await fetch(`${base}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth }, body: "grant_type=client_credentials" })
).json()) as { access_token: string };
const url = `${base}/oauth/introspect`;
const headers = { "content-type": "application/x-www-form-urlencoded", authorization: auth };
const body = new URLSearchParams({ token: issued.access_token }).toString();
const sample = await (await fetch(url, { method: "POST", headers, body })).text();
if (!JSON.parse(sample).active) throw new Error(`the token is not active: ${sample}`);
const bare = await startBare("json", { BODY: sample });
const bareUrl = `http://127.0.0.1:${bare.port}/`;

try {
  console.log(`introspect: ${RUNS} runs x ${DURATION} s each phase`);
  for (const note of machineNotes()) console.log(`  note: ${note}`);
  await load({ url, headers, body, duration: 2 });
  await load({ url: bareUrl, headers, body, duration: 2 });
  const rateBase: Run[] = [];
  const rateFig: Run[] = [];
  const maxBase: Run[] = [];
  type Fixed = Awaited<ReturnType<typeof fixedRate>>;
  const fixedBase: Fixed[] = [];
  const fixedFig: Fixed[] = [];
  const rawBase: Fixed[] = [];
  const rawFig: Awaited<ReturnType<typeof openLoop>>[] = [];
  const maxFig: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    rawBase.push(await openLoop({ url: bareUrl, headers, body, rate: 500, seconds: DURATION }));
    rawFig.push(await openLoop({ url, headers, body, rate: 500, seconds: DURATION }));
    fixedBase.push(await fixedRate({ url: bareUrl, headers, body, rate: 500, seconds: DURATION }));
    fixedFig.push(await fixedRate({ url, headers, body, rate: 500, seconds: DURATION }));
    rateBase.push(await load({ url: bareUrl, headers, body, connections: 10, overallRate: 500, duration: DURATION }));
    rateFig.push(await load({ url, headers, body, connections: 10, overallRate: 500, duration: DURATION }));
  }
  for (let i = 0; i < RUNS; i++) {
    maxBase.push(await load({ url: bareUrl, headers, body, duration: DURATION }));
    maxFig.push(await load({ url, headers, body, duration: DURATION }));
  }
  for (const [l, r] of [["bare @500", rateBase], ["introspect @500", rateFig], ["bare max", maxBase], ["introspect max", maxFig]] as const) checkRuns(l, r);
  const errs = [...rawBase, ...rawFig, ...fixedBase, ...fixedFig].reduce((n, r) => n + r.errors, 0);
  if (errs) console.log(`  warning: ${errs} errors in the fixed-rate runs`);
  const asRuns = (xs: Fixed[]): Run[] => xs.map((x) => ({ rps: x.sent, p50: x.p50, p99: x.p99, errors: x.errors, non2xx: 0 }));
  console.log("-- at 500 requests/s, open loop, raw-socket client (requests sent on schedule, latency to the microsecond)");
  summary("baseline: bare node:http p99 (ms)", asRuns(rawBase), "p99", 2);
  summary("introspection p50 (ms)", asRuns(rawFig), "p50", 2);
  summary("introspection p99 (ms)", asRuns(rawFig), "p99", 2);
  const tail = slowClusters(rawFig.at(-1)!.slowest);
  console.log(`  the slowest 2% of the last run came in ${tail.starts.length} clusters, median ${tail.medianGap.toFixed(0)} ms apart (at ${tail.starts.map((s) => s.toFixed(0)).join(", ")} ms)`);
  console.log("-- at 500 requests/s, open loop, node:http client (its own overhead included)");
  summary("baseline: bare node:http p99 (ms)", asRuns(fixedBase), "p99", 2);
  summary("introspection p50 (ms)", asRuns(fixedFig), "p50", 2);
  summary("introspection p99 (ms)", asRuns(fixedFig), "p99", 2);
  console.log("-- at 500 requests/s, autocannon rate mode, 10 connections (whole-millisecond histogram)");
  summary("baseline: bare node:http p99 (ms)", rateBase, "p99", 1);
  summary("introspection p99 (ms)", rateFig, "p99", 1);
  console.log("-- throughput, 50 connections");
  const b = summary("baseline: bare node:http, same JSON", maxBase);
  const f = summary("introspection (fast path, custom server)", maxFig);
  summary("introspection p99 (ms)", maxFig, "p99", 1);
  const ratios = maxFig.map((r, i) => r.rps / maxBase[i]!.rps);
  console.log(`ratio (introspection / bare, per run): min ${(Math.min(...ratios) * 100).toFixed(1)}%  median ${((f.median / b.median) * 100).toFixed(1)}%  max ${(Math.max(...ratios) * 100).toFixed(1)}%  (goal >= 40%; p99 at 500/s goal < 2 ms)`);
} finally {
  await perimeter.stop();
  await bare.stop();
}
