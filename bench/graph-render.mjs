// graph-render: the access graph's canvas (components/graph/graph-canvas.tsx)
// rendering 5,000 nodes and about 20,000 edges in Chromium, unaggregated, the
// whole graph fitted in view (the worst case: every node visible). Figure:
// time from navigation to the first frame with the nodes drawn, and the frame
// rate of a 3 s pan. Baseline, same run: the same nodes and edges as plain DOM
// (absolutely positioned divs and one SVG of lines), no React. Goal: first
// frame < 3 s.
//
// Run: node bench/graph-render.mjs   (needs Chromium at /usr/bin/chromium or CHROMIUM_PATH)
// The bundle is built with esbuild from the console's own components; the
// page has React Flow's CSS but not the console's Tailwind CSS, so nodes are
// unstyled boxes of the real size and structure.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { register } from "tsx/esm/api";

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { ReadModel } = await import("../lib/access/read-model.ts");
const { buildGraph } = await import("../lib/graph/build.ts");
const { columnLayout } = await import("../lib/graph/layout.ts");
const { sizeForNodes, syntheticCatalog } = await import("../lib/graph/synthetic.ts");
// components/graph/nodes.tsx's node sizes
const nodeSize = { client: [210, 52], profile: [220, 52], scope: [210, 40], resource: [210, 52], group: [220, 56] };

const TOTAL = Number(process.env.BENCH_NODES ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
if (!executablePath) throw new Error("no Chromium: set CHROMIUM_PATH");

const g = buildGraph(new ReadModel(syntheticCatalog(sizeForNodes(TOTAL, 42, "dense")), 1), { at: new Date("2026-01-01T00:00:00Z"), aggregate: "off" });
const t0 = performance.now();
const layout = columnLayout(
  g.nodes.map((n) => ({ id: n.id, layer: n.layer, width: nodeSize[n.kind][0], height: nodeSize[n.kind][1], group: n.domainId ?? "_" })),
  g.edges,
);
const layoutMs = performance.now() - t0;
const data = JSON.stringify({ nodes: g.nodes, edges: g.edges, positions: layout.positions });
// what the page draws for this catalog by default: aggregated by domain (above the node budget)
const agg = buildGraph(new ReadModel(syntheticCatalog(sizeForNodes(TOTAL, 42, "dense")), 1), { at: new Date("2026-01-01T00:00:00Z") });
const aggLayout = columnLayout(agg.nodes.map((n) => ({ id: n.id, layer: n.layer, width: nodeSize[n.kind][0], height: nodeSize[n.kind][1], group: n.domainId ?? "_" })), agg.edges);
const aggData = JSON.stringify({ nodes: agg.nodes, edges: agg.edges, positions: aggLayout.positions });

const dir = mkdtempSync(path.join(tmpdir(), "graph-render-"));
await build({
  entryPoints: [path.join(root, "bench/graph-render-entry.tsx")],
  bundle: true,
  minify: true,
  format: "esm",
  outdir: dir,
  jsx: "automatic",
  define: { "process.env.NODE_ENV": '"production"' },
  alias: { "@": root },
  logLevel: "error",
});
const flowPage = (json) => `<!doctype html><html><head><link rel="stylesheet" href="/graph-render-entry.css"><style>body{margin:0}</style></head><body><div id="root"></div>
<script>window.__bench = ${json.replace(/</g, "\\u003c")};</script><script type="module" src="/graph-render-entry.js"></script></body></html>`;
writeFileSync(path.join(dir, "graph.html"), flowPage(data));
writeFileSync(path.join(dir, "graph-aggregated.html"), flowPage(aggData));
// the baseline: the same boxes and lines as plain DOM
writeFileSync(
  path.join(dir, "plain.html"),
  `<!doctype html><html><head><style>body{margin:0;overflow:hidden}.n{position:absolute;box-sizing:border-box;border:1px solid #cbd5e1;border-left:4px solid #f43f5e;border-radius:6px;background:#fff;font:10px sans-serif;overflow:hidden;white-space:nowrap}</style></head><body><div id="view" style="position:absolute;transform-origin:0 0"></div>
<script>window.__bench = ${data.replace(/</g, "\\u003c")};
const b = window.__bench, view = document.getElementById("view");
const xs = Object.values(b.positions); const minX = Math.min(...xs.map(p=>p.x)), minY = Math.min(...xs.map(p=>p.y)), maxX = Math.max(...xs.map(p=>p.x)) + 240, maxY = Math.max(...xs.map(p=>p.y)) + 60;
const zoom = Math.min(innerWidth / (maxX - minX), innerHeight / (maxY - minY));
view.style.transform = "scale(" + zoom + ") translate(" + (-minX) + "px," + (-minY) + "px)";
const size = { client: [210, 52], profile: [220, 52], scope: [210, 40], resource: [210, 52], group: [220, 56] };
const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg"); svg.setAttribute("width", maxX - minX + 2000); svg.setAttribute("height", maxY - minY + 2000); svg.style.position = "absolute"; svg.style.left = minX + "px"; svg.style.top = minY + "px"; svg.style.overflow = "visible";
const kind = new Map(b.nodes.map(n => [n.id, n.kind]));
let d = "";
for (const e of b.edges) { const s = b.positions[e.source], t = b.positions[e.target]; if (!s || !t) continue; d += "M" + (s.x - minX + size[kind.get(e.source)][0]) + " " + (s.y - minY + 26) + "L" + (t.x - minX) + " " + (t.y - minY + 26); }
const path = document.createElementNS("http://www.w3.org/2000/svg", "path"); path.setAttribute("d", d); path.setAttribute("stroke", "#94a3b8"); path.setAttribute("fill", "none"); svg.appendChild(path); view.appendChild(svg);
const frag = document.createDocumentFragment();
for (const n of b.nodes) { const p = b.positions[n.id]; const el = document.createElement("div"); el.className = "n"; el.style.left = p.x + "px"; el.style.top = p.y + "px"; el.style.width = size[n.kind][0] + "px"; el.style.height = size[n.kind][1] + "px"; el.innerHTML = "<b>" + n.label + "</b><br>" + n.detail; frag.appendChild(el); }
view.appendChild(frag);
requestAnimationFrame(() => requestAnimationFrame(() => (b.firstFrame = performance.now())));
b.pan = (ms) => new Promise((resolve) => { const start = performance.now(); let frames = 0; const step = () => { const t = performance.now() - start; if (t >= ms) return resolve(frames * 1000 / t); frames++; view.style.transform = "translate(" + (-t * 0.8) + "px," + (-t * 0.3) + "px) scale(" + zoom + ") translate(" + (-minX) + "px," + (-minY) + "px)"; requestAnimationFrame(step); }; requestAnimationFrame(step); });
</script></body></html>`,
);

const server = http.createServer((req, res) => {
  const file = path.join(dir, (req.url ?? "/").split("?")[0]);
  if (!file.startsWith(dir) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html" });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
async function measure(page) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const p = await context.newPage();
  await p.goto(`${base}/${page}`, { waitUntil: "commit" });
  await p.waitForFunction(() => window.__bench?.firstFrame !== undefined, null, { timeout: 120_000, polling: 50 });
  const firstFrame = await p.evaluate(() => window.__bench.firstFrame);
  const rendered = await p.evaluate(() => document.querySelectorAll(".react-flow__node, .n").length);
  const fps = await p.evaluate(() => window.__bench.pan(3000));
  await context.close();
  return { firstFrame, fps, rendered };
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = (s, unit, digits = 0) => `min ${s.min.toFixed(digits)} / median ${s.median.toFixed(digits)} / max ${s.max.toFixed(digits)} ${unit}`;

console.log(`graph-render: ${g.nodes.length} nodes, ${g.edges.length} edges, unaggregated, fitted in view; Chromium ${browser.version()}; column layout ${layoutMs.toFixed(0)} ms (in Node, not counted)`);
const plain = [];
const flow = [];
const aggregated = [];
for (let i = 0; i < RUNS; i++) {
  plain.push(await measure("plain.html"));
  flow.push(await measure("graph.html"));
  aggregated.push(await measure("graph-aggregated.html"));
  process.stdout.write(
    `  run ${i + 1}/${RUNS}: plain ${plain.at(-1).firstFrame.toFixed(0)} ms, graph ${flow.at(-1).firstFrame.toFixed(0)} ms (${flow.at(-1).rendered} nodes in the DOM), ` +
      `aggregated ${aggregated.at(-1).firstFrame.toFixed(0)} ms (${agg.nodes.length} groups)\n`,
  );
}
const pf = stats(plain.map((r) => r.firstFrame));
const gf = stats(flow.map((r) => r.firstFrame));
console.log(`  baseline plain DOM, first frame: ${fmt(pf, "ms")}; pan ${fmt(stats(plain.map((r) => r.fps)), "fps", 1)}`);
console.log(`  figure React Flow canvas, first frame: ${fmt(gf, "ms")}; pan ${fmt(stats(flow.map((r) => r.fps)), "fps", 1)}`);
console.log(`  ratio graph/plain first frame (median): ${(gf.median / pf.median).toFixed(2)}x; goal first frame < 3000 ms: ${gf.median < 3000 ? "yes" : "NO"}`);
const af = stats(aggregated.map((r) => r.firstFrame));
console.log(`  the page's default for this catalog (aggregated by domain, ${agg.nodes.length} nodes, ${agg.edges.length} edges): first frame ${fmt(af, "ms")}; pan ${fmt(stats(aggregated.map((r) => r.fps)), "fps", 1)}; ratio to plain ${(af.median / pf.median).toFixed(2)}x`);
await browser.close();
server.close();
