// Layout of the access graph. Its four layers are fixed (clients, profiles,
// scopes, resources), so a layered column layout only has to order the nodes
// inside each column: barycentre sweeps (down, then up) reduce edge
// crossings, and a column's new order is kept only when it crosses less, so
// the result never has more crossings than the input order. Pure and deterministic: it runs in a Web
// Worker (components/graph/layout.worker.ts) and in the benchmark.
// Small graphs can use elkjs instead (elkLayout, same input and output).

export type LayoutNode = {
  id: string;
  layer: number;
  width: number;
  height: number;
  /** nodes of one group (a domain) are tried as a block first: blocks ordered by their mean barycentre */
  group?: string;
};
export type LayoutEdge = { source: string; target: string };
export type Point = { x: number; y: number };
export type LayoutResult = {
  positions: Record<string, Point>;
  /** edge crossings between adjacent columns, before and after */
  crossingsBefore: number;
  crossings: number;
  engine: "columns" | "elk";
  ms: number;
};

export type ColumnOptions = {
  /** maximum down+up sweep pairs (stops earlier once nothing improves) */
  sweeps?: number;
  columnGap?: number;
  rowGap?: number;
};

/**
 * Below this many nodes elkjs refines the column layout. elkjs needs seconds
 * even for a few hundred nodes on this machine (bench/graph-layout.mjs), and
 * its crossings are no fewer than the columns' on these 4-layer graphs, so it
 * is kept for small neighbourhoods, after the columns are already drawn.
 */
export const elkNodeLimit = 120;

type Prepared = {
  /** node indices per layer, in the current order */
  order: number[][];
  /** position of each node inside its layer */
  pos: Int32Array;
  layerOf: Int32Array;
  group: (string | undefined)[];
  /** neighbours in the layer above (up) and below (down) */
  up: number[][];
  down: number[][];
};

function prepare(nodes: LayoutNode[], edges: LayoutEdge[]): Prepared {
  const index = new Map<string, number>();
  nodes.forEach((n, i) => index.set(n.id, i));
  const maxLayer = nodes.reduce((m, n) => Math.max(m, n.layer), 0);
  const order: number[][] = Array.from({ length: maxLayer + 1 }, () => []);
  const pos = new Int32Array(nodes.length);
  const layerOf = new Int32Array(nodes.length);
  nodes.forEach((n, i) => {
    const layer = order[n.layer]!;
    pos[i] = layer.length;
    layerOf[i] = n.layer;
    layer.push(i);
  });
  const up: number[][] = nodes.map(() => []);
  const down: number[][] = nodes.map(() => []);
  for (const e of edges) {
    const a = index.get(e.source);
    const b = index.get(e.target);
    if (a === undefined || b === undefined) continue;
    const [hi, lo] = layerOf[a]! < layerOf[b]! ? [a, b] : [b, a];
    if (layerOf[lo]! - layerOf[hi]! !== 1) continue; // only adjacent columns take part in ordering
    down[hi]!.push(lo);
    up[lo]!.push(hi);
  }
  return { order, pos, layerOf, group: nodes.map((n) => n.group), up, down };
}

/** Crossings between layer `l` and `l + 1`: inversions of the lower ends, with a Fenwick tree (O(E log V)). */
function crossingsBetween(p: Prepared, l: number): number {
  const upper = p.order[l]!;
  const lowerSize = p.order[l + 1]?.length ?? 0;
  if (!lowerSize) return 0;
  const tree = new Int32Array(lowerSize + 1);
  let seen = 0;
  let crossings = 0;
  for (const u of upper) {
    const ends = p.down[u]!.map((v) => p.pos[v]!).sort((a, b) => a - b);
    // count earlier edges whose lower end is strictly right of each end
    for (const end of ends) {
      let le = 0;
      for (let i = end + 1; i > 0; i -= i & -i) le += tree[i]!;
      crossings += seen - le;
    }
    for (const end of ends) {
      for (let i = end + 1; i <= lowerSize; i += i & -i) tree[i]!++;
      seen++;
    }
  }
  return crossings;
}

function totalCrossings(p: Prepared): number {
  let total = 0;
  for (let l = 0; l + 1 < p.order.length; l++) total += crossingsBetween(p, l);
  return total;
}

/**
 * Reorders one layer by the mean position of its neighbours in the fixed
 * layer (nodes without any keep their place). `blocked`: groups stay
 * together, ordered by their members' mean barycentre.
 */
function reorder(p: Prepared, l: number, neighbours: number[][], blocked: boolean) {
  const layer = p.order[l]!;
  const keyed = layer.map((v) => {
    const ns = neighbours[v]!;
    let sum = 0;
    for (const n of ns) sum += p.pos[n]!;
    return { v, key: ns.length ? sum / ns.length : p.pos[v]!, at: p.pos[v]!, block: 0 };
  });
  if (blocked) {
    const sums = new Map<string | undefined, { sum: number; n: number }>();
    for (const k of keyed) {
      const g = sums.get(p.group[k.v]) ?? sums.set(p.group[k.v], { sum: 0, n: 0 }).get(p.group[k.v])!;
      g.sum += k.key;
      g.n++;
    }
    for (const k of keyed) {
      const g = sums.get(p.group[k.v])!;
      k.block = g.sum / g.n;
    }
  }
  keyed.sort((a, b) => a.block - b.block || (blocked ? cmpGroup(p.group[a.v], p.group[b.v]) : 0) || a.key - b.key || a.at - b.at);
  keyed.forEach((k, i) => {
    layer[i] = k.v;
    p.pos[k.v] = i;
  });
}

const cmpGroup = (a: string | undefined, b: string | undefined) => (a === b ? 0 : (a ?? "") < (b ?? "") ? -1 : 1);

/** Crossings on both sides of layer `l` (the only ones its order changes). */
const around = (p: Prepared, l: number) => (l > 0 ? crossingsBetween(p, l - 1) : 0) + (l + 1 < p.order.length ? crossingsBetween(p, l) : 0);

/** Reorders layer `l` by barycentre (blocked by group, then free), keeping a new order only when it crosses less. */
function improve(p: Prepared, l: number, neighbours: number[][], grouped: boolean): boolean {
  let best = around(p, l);
  if (best === 0) return false;
  let changed = false;
  for (const blocked of grouped ? [true, false] : [false]) {
    const saved = [...p.order[l]!];
    reorder(p, l, neighbours, blocked);
    const c = around(p, l);
    if (c < best) {
      best = c;
      changed = true;
    } else {
      p.order[l] = saved;
      saved.forEach((v, i) => (p.pos[v] = i));
    }
  }
  return changed;
}

/**
 * Orders each column to reduce crossings: down and up barycentre sweeps, a
 * layer's new order kept only when it crosses less, so the count never grows.
 */
export function orderColumns(nodes: LayoutNode[], edges: LayoutEdge[], sweeps = 8) {
  const p = prepare(nodes, edges);
  const before = totalCrossings(p);
  const grouped = nodes.some((n) => n.group !== undefined);
  for (let i = 0; i < sweeps; i++) {
    let changed = false;
    for (let l = 1; l < p.order.length; l++) changed = improve(p, l, p.up, grouped) || changed;
    for (let l = p.order.length - 2; l >= 0; l--) changed = improve(p, l, p.down, grouped) || changed;
    if (!changed) break;
  }
  return { order: p.order.map((l) => l.map((i) => nodes[i]!.id)), crossingsBefore: before, crossings: totalCrossings(p) };
}

/** Crossings of a given placement (columns by layer, rows by y): for tests and the benchmark. */
export function countCrossings(nodes: LayoutNode[], edges: LayoutEdge[], positions: Record<string, Point>): number {
  const sorted = [...nodes].sort((a, b) => a.layer - b.layer || positions[a.id]!.y - positions[b.id]!.y);
  return totalCrossings(prepare(sorted, edges));
}

/** The fast layered column layout: columns by layer, rows ordered by barycentre sweeps, each column centred. */
export function columnLayout(nodes: LayoutNode[], edges: LayoutEdge[], opts: ColumnOptions = {}): LayoutResult {
  const t0 = performance.now();
  const columnGap = opts.columnGap ?? 140;
  const rowGap = opts.rowGap ?? 14;
  const { order, crossingsBefore, crossings } = orderColumns(nodes, edges, opts.sweeps ?? 8);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const widths = order.map((col) => col.reduce((m, id) => Math.max(m, byId.get(id)!.width), 0));
  const positions: Record<string, Point> = {};
  let x = 0;
  order.forEach((col, l) => {
    const height = col.reduce((h, id) => h + byId.get(id)!.height, 0) + rowGap * Math.max(0, col.length - 1);
    let y = -height / 2;
    for (const id of col) {
      const n = byId.get(id)!;
      positions[id] = { x: Math.round(x + (widths[l]! - n.width) / 2), y: Math.round(y) };
      y += n.height + rowGap;
    }
    x += widths[l]! + columnGap;
  });
  return { positions, crossingsBefore, crossings, engine: "columns", ms: performance.now() - t0 };
}

/** The part of elkjs's API the layout uses (elk.bundled.js in the worker, the Node build in the benchmark). */
export type ElkLike = {
  layout(graph: {
    id: string;
    layoutOptions: Record<string, string>;
    children: { id: string; width: number; height: number; layoutOptions?: Record<string, string> }[];
    edges: { id: string; sources: string[]; targets: string[] }[];
  }): Promise<{ children?: { id: string; x?: number; y?: number }[] }>;
};

/**
 * elkjs's layered algorithm. Partitioning by layer ("elk.partitioning") would
 * pin the columns but makes elkjs several times slower here, so the first and
 * last layers are constrained instead, and the columns are fixed afterwards
 * (elkLayout keeps elkjs's order and vertical placement).
 */
export const elkOptions: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "140",
  "elk.spacing.nodeNode": "14",
};

/** Columns by layer, rows from `ys` (elkjs's placement), overlaps in a column pushed apart. */
function pinColumns(nodes: LayoutNode[], ys: Map<string, number>, columnGap = 140, rowGap = 14): Record<string, Point> {
  const layers = new Map<number, LayoutNode[]>();
  for (const n of nodes) (layers.get(n.layer) ?? layers.set(n.layer, []).get(n.layer)!).push(n);
  const positions: Record<string, Point> = {};
  let x = 0;
  for (const layer of [...layers.keys()].sort((a, b) => a - b)) {
    const col = layers.get(layer)!.sort((a, b) => (ys.get(a.id) ?? 0) - (ys.get(b.id) ?? 0) || (a.id < b.id ? -1 : 1));
    const width = col.reduce((m, n) => Math.max(m, n.width), 0);
    let next = -Infinity;
    for (const n of col) {
      const y = Math.max(ys.get(n.id) ?? 0, next);
      positions[n.id] = { x: Math.round(x + (width - n.width) / 2), y: Math.round(y) };
      next = y + n.height + rowGap;
    }
    x += width + columnGap;
  }
  return positions;
}

/** The same graph laid out by elkjs's layered algorithm, then pinned to one column per layer. */
export async function elkLayout(elk: ElkLike, nodes: LayoutNode[], edges: LayoutEdge[]): Promise<LayoutResult> {
  const t0 = performance.now();
  const ids = new Set(nodes.map((n) => n.id));
  const last = nodes.reduce((m, n) => Math.max(m, n.layer), 0);
  const result = await elk.layout({
    id: "root",
    layoutOptions: elkOptions,
    children: nodes.map((n) => ({
      id: n.id,
      width: n.width,
      height: n.height,
      ...(n.layer === 0 ? { layoutOptions: { "elk.layered.layering.layerConstraint": "FIRST" } } : n.layer === last ? { layoutOptions: { "elk.layered.layering.layerConstraint": "LAST" } } : {}),
    })),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  });
  const ys = new Map<string, number>();
  for (const c of result.children ?? []) ys.set(c.id, c.y ?? 0);
  const positions = pinColumns(nodes, ys);
  const crossings = countCrossings(nodes, edges, positions);
  return { positions, crossingsBefore: crossings, crossings, engine: "elk", ms: performance.now() - t0 };
}

/** elkjs for small graphs, the columns above `elkNodeLimit` (or when elkjs fails). */
export async function layoutGraph(nodes: LayoutNode[], edges: LayoutEdge[], elk?: ElkLike | null): Promise<LayoutResult> {
  if (useElk(nodes, elk)) {
    try {
      return await elkLayout(elk!, nodes, edges);
    } catch {
      // fall through to the columns
    }
  }
  return columnLayout(nodes, edges);
}

export const useElk = (nodes: LayoutNode[], elk?: ElkLike | null) => !!elk && nodes.length > 0 && nodes.length < elkNodeLimit;
