// graph-layout: the access graph's layered column layout (lib/graph/layout.ts,
// what the page's Web Worker runs) against elkjs's layered layout on the same
// synthetic 4-layer graphs (clients -> profiles -> scopes -> resources, about
// four edges per node) at 1,000 and 5,000 nodes. Baseline: elkjs, measured in
// the same run; figure: the columns; ratio: columns / elkjs (goal ≤ 10%).
// Also prints edge crossings of both layouts.
//
// Run: node bench/graph-layout.mjs
// elkjs at 5,000 nodes takes about 100 s here, so it is timed once at 5k
// (BENCH_ELK_RUNS sets the runs at 1k, default 3; BENCH_SKIP_ELK_5K=1 skips it).
import { register } from "tsx/esm/api";

register();
const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
const { ReadModel } = await import("../lib/access/read-model.ts");
const { buildGraph } = await import("../lib/graph/build.ts");
const { columnLayout, elkLayout } = await import("../lib/graph/layout.ts");
const { sizeForNodes, syntheticCatalog } = await import("../lib/graph/synthetic.ts");

const DENSITY = process.env.BENCH_DENSITY === "dense" ? "dense" : "sparse";
const COLUMN_RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ELK_RUNS = Number(process.env.BENCH_ELK_RUNS ?? 3);
const sizes = { client: [210, 52], profile: [220, 52], scope: [210, 40], resource: [210, 52], group: [220, 56] };

function graphOf(total) {
  const model = new ReadModel(syntheticCatalog(sizeForNodes(total, 42, DENSITY)), 1);
  const g = buildGraph(model, { at: new Date("2026-01-01T00:00:00Z"), aggregate: "off" });
  const nodes = g.nodes.map((n) => ({ id: n.id, layer: n.layer, width: sizes[n.kind][0], height: sizes[n.kind][1], group: n.domainId ?? "_" }));
  const edges = g.edges.map((e) => ({ source: e.source, target: e.target }));
  return { nodes, edges };
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = ({ min, median, max }) => `min ${min.toFixed(1)} / median ${median.toFixed(1)} / max ${max.toFixed(1)} ms`;

console.log(`graph-layout: columns (barycentre sweeps) vs elkjs ${(await import("elkjs/package.json", { with: { type: "json" } })).default.version} (layered; first and last layers constrained, then pinned to one column per layer)`);
const rows = [];
for (const total of [1000, 5000]) {
  const { nodes, edges } = graphOf(total);
  // the columns: a warm-up, then timed runs
  columnLayout(nodes, edges);
  const colTimes = [];
  let col;
  for (let i = 0; i < COLUMN_RUNS; i++) {
    const t0 = process.hrtime.bigint();
    col = columnLayout(nodes, edges);
    colTimes.push(ms(t0));
  }
  const elkRuns = total >= 5000 ? (process.env.BENCH_SKIP_ELK_5K ? 0 : 1) : ELK_RUNS;
  const elkTimes = [];
  let elk;
  for (let i = 0; i < elkRuns; i++) {
    const t0 = process.hrtime.bigint();
    elk = await elkLayout(new ELK(), nodes, edges);
    elkTimes.push(ms(t0));
    process.stdout.write(`  elkjs ${total} nodes run ${i + 1}/${elkRuns}: ${(elkTimes.at(-1) / 1000).toFixed(1)} s\n`);
  }
  const c = stats(colTimes);
  console.log(`\n${total} nodes, ${edges.length} edges`);
  if (elkTimes.length) {
    const e = stats(elkTimes);
    console.log(`  baseline elkjs:  ${fmt(e)}${elkTimes.length === 1 ? " (one run)" : ""}; crossings ${elk.crossings}`);
    console.log(`  figure columns:  ${fmt(c)}; crossings ${col.crossings} (input order ${col.crossingsBefore})`);
    console.log(`  ratio columns/elkjs (median): ${((c.median / e.median) * 100).toFixed(2)}%  (goal ≤ 10%)`);
    rows.push({ total, edges: edges.length, elk: e.median, columns: c.median, ratio: c.median / e.median, elkCrossings: elk.crossings, colCrossings: col.crossings });
  } else {
    console.log(`  figure columns:  ${fmt(c)}; crossings ${col.crossings} (input order ${col.crossingsBefore}); elkjs skipped (BENCH_SKIP_ELK_5K)`);
  }
}
console.log("\nsummary");
for (const r of rows) console.log(`  ${r.total} nodes / ${r.edges} edges: elkjs ${(r.elk / 1000).toFixed(2)} s, columns ${r.columns.toFixed(1)} ms, ratio ${(r.ratio * 100).toFixed(2)}%; crossings elkjs ${r.elkCrossings} vs columns ${r.colCrossings}`);
