// decision-hot: POST /api/v1/decisions (read model warm, 50 connections)
// against a bare node:http server answering the same JSON, in the same run.
// Goal (../shared/BENCH.md): >= 40% of bare Node, p99 reported.
// Run: npx tsx bench/decision-hot.ts   (needs the production build: npm run build)
import { checkRuns, load, prepareDatabase, startBare, startPerimeter, summary, type Run } from "./lib/harness";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);

const fx = await prepareDatabase("decision-hot");
const perimeter = await startPerimeter(fx.url);
const url = `http://127.0.0.1:${perimeter.port}/api/v1/decisions`;
const headers = { "content-type": "application/json", authorization: `Bearer ${fx.apiToken}` };
const body = JSON.stringify({ client: fx.clientName, resource: fx.resource, action: "read" });
const sample = await (await fetch(url, { method: "POST", headers, body })).text();
if (!JSON.parse(sample).allow) throw new Error(`the fixture decision is not an allow: ${sample}`);
const bare = await startBare("json", { BODY: sample });
const bareUrl = `http://127.0.0.1:${bare.port}/`;

try {
  console.log(`decision-hot: ${RUNS} runs x ${DURATION} s, 50 connections; answer ${sample.length} bytes`);
  await load({ url, headers, body, duration: 2 });
  await load({ url: bareUrl, headers, body, duration: 2 });
  const base: Run[] = [];
  const fig: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await load({ url: bareUrl, headers, body, duration: DURATION }));
    fig.push(await load({ url, headers, body, duration: DURATION }));
  }
  checkRuns("bare", base);
  checkRuns("decisions", fig);
  const b = summary("baseline: bare node:http, same JSON", base);
  summary("baseline p99 (ms)", base, "p99", 1);
  const f = summary("decision API (fast path, custom server)", fig);
  summary("decision API p99 (ms)", fig, "p99", 1);
  const ratios = fig.map((r, i) => r.rps / base[i]!.rps);
  console.log(`ratio (decision / bare, per run): min ${(Math.min(...ratios) * 100).toFixed(1)}%  median ${((f.median / b.median) * 100).toFixed(1)}%  max ${(Math.max(...ratios) * 100).toFixed(1)}%  (goal >= 40%)`);
} finally {
  await perimeter.stop();
  await bare.stop();
}
