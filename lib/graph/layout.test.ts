import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReadModel } from "../access/read-model";
import { buildGraph } from "./build";
import { columnLayout, countCrossings, elkLayout, layoutGraph, orderColumns, type ElkLike, type LayoutEdge, type LayoutNode } from "./layout";
import { rng, sizeForNodes, syntheticCatalog } from "./synthetic";

/** A random 4-layer graph: edges only between adjacent layers, nodes in a shuffled input order. */
const randomGraph = fc
  .record({
    sizes: fc.tuple(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 25 })),
    density: fc.double({ min: 0.02, max: 0.4, noNaN: true }),
    seed: fc.integer(),
    groups: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ sizes, density, seed, groups }) => {
    const rand = rng(seed);
    const nodes: LayoutNode[] = sizes.flatMap((n, layer) =>
      Array.from({ length: n }, (_, i) => ({
        id: `${layer}-${i}`,
        layer,
        width: 120 + Math.floor(rand() * 80),
        height: 30 + Math.floor(rand() * 30),
        ...(groups ? { group: `g${Math.floor(rand() * groups)}` } : {}),
      })),
    );
    const edges: LayoutEdge[] = [];
    for (let layer = 0; layer < 3; layer++) {
      for (let i = 0; i < sizes[layer]!; i++) {
        for (let j = 0; j < sizes[layer + 1]!; j++) if (rand() < density) edges.push({ source: `${layer}-${i}`, target: `${layer + 1}-${j}` });
      }
    }
    nodes.sort(() => rand() - 0.5);
    return { nodes, edges };
  });

function overlapsInColumn(nodes: LayoutNode[], positions: Record<string, { x: number; y: number }>) {
  const byLayer = new Map<number, LayoutNode[]>();
  for (const n of nodes) (byLayer.get(n.layer) ?? byLayer.set(n.layer, []).get(n.layer)!).push(n);
  for (const col of byLayer.values()) {
    const sorted = [...col].sort((a, b) => positions[a.id]!.y - positions[b.id]!.y);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      if (positions[prev.id]!.y + prev.height > positions[sorted[i]!.id]!.y) return true;
    }
  }
  return false;
}

describe("columnLayout", () => {
  it("places every node, in its layer's column, without overlaps", () => {
    fc.assert(
      fc.property(randomGraph, ({ nodes, edges }) => {
        const { positions } = columnLayout(nodes, edges);
        expect(Object.keys(positions)).toHaveLength(nodes.length);
        const xs = new Map<number, Set<number>>();
        for (const n of nodes) {
          const p = positions[n.id]!;
          // columns are left to right by layer and do not overlap each other
          (xs.get(n.layer) ?? xs.set(n.layer, new Set()).get(n.layer)!).add(p.x + n.width / 2);
        }
        expect(overlapsInColumn(nodes, positions)).toBe(false);
        const centres = [...xs.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => [...s]);
        for (const c of centres) expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1); // one centre line per column (rounded)
        for (let i = 1; i < centres.length; i++) expect(centres[i]![0]!).toBeGreaterThan(centres[i - 1]![0]!);
      }),
      { numRuns: 60 },
    );
  });

  it("never has more crossings than the input order", () => {
    fc.assert(
      fc.property(randomGraph, ({ nodes, edges }) => {
        const r = columnLayout(nodes, edges);
        // the input order, as a placement
        const input: Record<string, { x: number; y: number }> = {};
        nodes.forEach((n, i) => (input[n.id] = { x: n.layer, y: i }));
        const inputCrossings = countCrossings(nodes, edges, input);
        expect(r.crossingsBefore).toBe(inputCrossings);
        expect(r.crossings).toBeLessThanOrEqual(inputCrossings);
        expect(countCrossings(nodes, edges, r.positions)).toBe(r.crossings);
      }),
      { numRuns: 100 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(randomGraph, ({ nodes, edges }) => {
        const a = columnLayout(nodes, edges);
        const b = columnLayout(nodes.map((n) => ({ ...n })), edges.map((e) => ({ ...e })));
        expect(b.positions).toEqual(a.positions);
      }),
      { numRuns: 30 },
    );
  });

  it("counts crossings exactly (against a brute-force count)", () => {
    fc.assert(
      fc.property(randomGraph, ({ nodes, edges }) => {
        const { order } = orderColumns(nodes, edges, 0);
        const pos = new Map<string, number>();
        const layer = new Map(nodes.map((n) => [n.id, n.layer]));
        for (const col of order) col.forEach((id, i) => pos.set(id, i));
        let brute = 0;
        for (let i = 0; i < edges.length; i++) {
          for (let j = i + 1; j < edges.length; j++) {
            const a = edges[i]!;
            const b = edges[j]!;
            if (layer.get(a.source) !== layer.get(b.source)) continue;
            const d1 = pos.get(a.source)! - pos.get(b.source)!;
            const d2 = pos.get(a.target)! - pos.get(b.target)!;
            if (d1 * d2 < 0) brute++;
          }
        }
        expect(orderColumns(nodes, edges, 0).crossings).toBe(brute);
      }),
      { numRuns: 60 },
    );
  });

  it("reduces crossings on a realistic catalog graph", () => {
    const g = buildGraph(new ReadModel(syntheticCatalog(sizeForNodes(1000)), 1), { at: new Date("2026-01-01T00:00:00Z"), aggregate: "off" });
    const nodes = g.nodes.map((n) => ({ id: n.id, layer: n.layer, width: 200, height: 48, group: n.domainId ?? "_" }));
    const r = columnLayout(nodes, g.edges);
    expect(r.crossings).toBeLessThan(r.crossingsBefore);
  });
});

describe("layoutGraph", () => {
  it("uses elkjs for small graphs and the columns for large ones", async () => {
    const calls: number[] = [];
    const fakeElk: ElkLike = {
      layout: async (graph) => {
        calls.push(graph.children.length);
        return { children: graph.children.map((c, i) => ({ id: c.id, x: i * 300, y: i * 100 })) };
      },
    };
    const small = [{ id: "a", layer: 0, width: 10, height: 10 }, { id: "b", layer: 1, width: 10, height: 10 }];
    expect((await layoutGraph(small, [{ source: "a", target: "b" }], fakeElk)).engine).toBe("elk");
    const big = Array.from({ length: 400 }, (_, i) => ({ id: `n${i}`, layer: i % 4, width: 10, height: 10 }));
    expect((await layoutGraph(big, [], fakeElk)).engine).toBe("columns");
    expect(calls).toEqual([2]);
    const failing: ElkLike = { layout: async () => Promise.reject(new Error("boom")) };
    expect((await layoutGraph(small, [], failing)).engine).toBe("columns");
  });

  it("lays out with the real elkjs, one column per layer, without overlaps", async () => {
    const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
    const nodes = [
      { id: "c", layer: 0, width: 100, height: 40 },
      { id: "p", layer: 1, width: 100, height: 40 },
      { id: "s1", layer: 2, width: 100, height: 40 },
      { id: "s2", layer: 2, width: 100, height: 40 },
      { id: "r", layer: 3, width: 100, height: 40 },
    ];
    nodes.push({ id: "orphan-scope", layer: 2, width: 100, height: 40 }, { id: "orphan-resource", layer: 3, width: 100, height: 40 });
    const edges = [
      { source: "c", target: "p" },
      { source: "p", target: "s1" },
      { source: "p", target: "s2" },
      { source: "s1", target: "r" },
      { source: "s2", target: "r" },
    ];
    const r = await elkLayout(new ELK() as unknown as ElkLike, nodes, edges);
    const x = (id: string) => r.positions[id]!.x;
    expect(x("c")).toBeLessThan(x("p"));
    expect(x("p")).toBeLessThan(x("s1"));
    expect(x("s1")).toBe(x("s2"));
    expect(x("s2")).toBeLessThan(x("r"));
    expect(x("orphan-scope")).toBe(x("s1"));
    expect(x("orphan-resource")).toBe(x("r"));
    expect(overlapsInColumn(nodes, r.positions)).toBe(false);
    // loading elkjs's bundle takes seconds on a busy machine
  }, 30_000);
});
