// graph-render: the access graph's canvas (components/graph/graph-canvas.tsx)
// rendering 5,000 nodes and about 20,000 edges in Chromium, unaggregated, the
// whole graph fitted in view (the worst case: every node visible). Figures:
// time from navigation to the first frame with the view fitted and the nodes
// and edges drawn; the frame rate of a 3 s pan (200 px circles) fitted, and
// again at zoom 1 (readable nodes) in the middle of the graph. Baseline, same
// run: the same nodes and edges as plain DOM (absolutely positioned divs and
// one SVG of lines), no React, the same views and pans. Goal: first frame < 3 s.
//
// Run: node bench/graph-render.mjs   (needs Chromium at /usr/bin/chromium or CHROMIUM_PATH)
// The bundle is built with esbuild from the console's own components and
// styled with the console's own CSS (app/globals.css through Tailwind).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tailwind from "@tailwindcss/postcss";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import postcss from "postcss";
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
// where the zoom-1 pan happens: the centre of the laid-out graph
const middleOf = (positions) => {
  const ps = Object.values(positions);
  const mid = (k) => (Math.min(...ps.map((p) => p[k])) + Math.max(...ps.map((p) => p[k]))) / 2;
  return [mid("x") + 110, mid("y")];
};
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
// the console's stylesheet, as Next builds it (postcss.config.mjs)
const globals = path.join(root, "app/globals.css");
writeFileSync(path.join(dir, "app.css"), (await postcss([tailwind({ base: root })]).process(readFileSync(globals, "utf8"), { from: globals })).css);
const flowPage = (json) => `<!doctype html><html><head><link rel="stylesheet" href="/app.css"><link rel="stylesheet" href="/graph-render-entry.css"><style>body{margin:0}</style></head><body><div id="root"></div>
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
// screen = flow * z + (tx, ty), as React Flow's viewport
let at = { tx: 0, ty: 0, z: 1 };
const place = (v) => { at = v; view.style.transform = "translate(" + v.tx + "px," + v.ty + "px) scale(" + v.z + ")"; };
const zoom = Math.min(innerWidth / (maxX - minX), innerHeight / (maxY - minY));
place({ tx: -minX * zoom, ty: -minY * zoom, z: zoom });
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
const circle = (t) => ({ x: 200 * (Math.cos((2 * Math.PI * t) / 1500) - 1), y: 200 * Math.sin((2 * Math.PI * t) / 1500) });
b.pan = (ms) => new Promise((resolve) => { const start = performance.now(), from = at; let frames = 0; const step = () => { const t = performance.now() - start; if (t >= ms) return resolve(frames * 1000 / t); frames++; const d = circle(t); place({ tx: from.tx + d.x, ty: from.ty + d.y, z: from.z }); requestAnimationFrame(step); }; requestAnimationFrame(step); });
b.viewAt = (x, y, z) => { place({ tx: innerWidth / 2 - x * z, ty: innerHeight / 2 - y * z, z }); return new Promise((r) => setTimeout(r, 1000)); };
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
async function measure(page, middle) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const p = await context.newPage();
  await p.goto(`${base}/${page}`, { waitUntil: "commit" });
  await p.waitForFunction(() => window.__bench?.firstFrame !== undefined, null, { timeout: 120_000, polling: 50 });
  const firstFrame = await p.evaluate(() => window.__bench.firstFrame);
  const rendered = await p.evaluate(() => document.querySelectorAll(".react-flow__node, .n").length);
  const fps = await p.evaluate(() => window.__bench.pan(3000));
  // readable: zoom 1 in the middle of the graph
  await p.evaluate(([x, y]) => window.__bench.viewAt(x, y, 1), middle);
  const fpsAt1 = await p.evaluate(() => window.__bench.pan(3000));
  await context.close();
  return { firstFrame, fps, fpsAt1, rendered };
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = (s, unit, digits = 0) => `min ${s.min.toFixed(digits)} / median ${s.median.toFixed(digits)} / max ${s.max.toFixed(digits)} ${unit}`;

console.log(`graph-render: ${g.nodes.length} nodes, ${g.edges.length} edges, unaggregated, first frame fitted in view; Chromium ${browser.version()}; column layout ${layoutMs.toFixed(0)} ms (in Node, not counted)`);
const plain = [];
const flow = [];
const aggregated = [];
for (let i = 0; i < RUNS; i++) {
  plain.push(await measure("plain.html", middleOf(layout.positions)));
  flow.push(await measure("graph.html", middleOf(layout.positions)));
  aggregated.push(await measure("graph-aggregated.html", middleOf(aggLayout.positions)));
  process.stdout.write(
    `  run ${i + 1}/${RUNS}: plain ${plain.at(-1).firstFrame.toFixed(0)} ms, graph ${flow.at(-1).firstFrame.toFixed(0)} ms (${flow.at(-1).rendered} React Flow nodes in the DOM; zoomed out the canvas layer draws them), ` +
      `aggregated ${aggregated.at(-1).firstFrame.toFixed(0)} ms (${agg.nodes.length} groups)\n`,
  );
}
const pf = stats(plain.map((r) => r.firstFrame));
const gf = stats(flow.map((r) => r.firstFrame));
const pans = (runs) => `pan fitted ${fmt(stats(runs.map((r) => r.fps)), "fps", 1)}; pan at zoom 1 ${fmt(stats(runs.map((r) => r.fpsAt1)), "fps", 1)}`;
console.log(`  baseline plain DOM, first frame: ${fmt(pf, "ms")}; ${pans(plain)}`);
console.log(`  figure React Flow canvas, first frame: ${fmt(gf, "ms")}; ${pans(flow)}`);
console.log(`  ratio graph/plain first frame (median): ${(gf.median / pf.median).toFixed(2)}x; goal first frame < 3000 ms: ${gf.median < 3000 ? "yes" : "NO"}`);
const af = stats(aggregated.map((r) => r.firstFrame));
console.log(`  the page's default for this catalog (aggregated by domain, ${agg.nodes.length} nodes, ${agg.edges.length} edges): first frame ${fmt(af, "ms")}; ${pans(aggregated)}; ratio to plain ${(af.median / pf.median).toFixed(2)}x`);
await browser.close();
server.close();
