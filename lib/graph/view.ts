import "server-only";
// GET /api/v1/graph: the graph for a view (filters, focus, aggregation), at
// an instant (time travel), optionally with a pending change's overlay.
import type { ReachEntry } from "../access/reach";
import { ReadModel } from "../access/read-model";
import { storedOperations } from "../changes/workflow/stored-operations";
import { parseReach } from "../changes/workflow/review-data";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { buildGraph, fullGraph } from "./build";
import { applyToSnapshot, catalogDiff, mergeOverlay, type OverlayCounts } from "./overlay";
import type { GraphParams } from "./params";
import { modelAt } from "./source";
import type { BuildOptions, GraphEdge, GraphMeta, GraphNode } from "./types";

export type Facets = {
  environments: string[];
  domains: { id: string; name: string }[];
  clientKinds: string[];
  resourceKinds: string[];
  actions: string[];
};

export type Overlay = {
  number: number;
  title: string;
  status: string;
  /** edges and nodes the change adds or removes in this view */
  counts: OverlayCounts;
  /** the reach delta stored when the request was opened */
  reach: { totalGained: number; totalLost: number; clientsGaining: number; clientsLosing: number; gained: ReachEntry[]; lost: ReachEntry[] } | null;
  note: string | null;
};

export type GraphView = {
  nodes: GraphNode[];
  edges: GraphEdge[];
  meta: GraphMeta & { at: string; past: boolean; version: number };
  facets: Facets;
  overlay: Overlay | null;
};

const pending = new Set(["draft", "open", "approved"]);
const LIST = 100;

function facets(model: ReadModel): Facets {
  const s = model.snapshot;
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    environments: uniq(s.environments.map((e) => e.name)),
    domains: [...s.domains].sort((a, b) => a.name.localeCompare(b.name)).map((d) => ({ id: d.id, name: d.name })),
    clientKinds: uniq(s.clients.map((c) => c.kind)),
    resourceKinds: uniq(s.resources.map((r) => r.kind)),
    actions: uniq(s.scopes.map((x) => x.action)),
  };
}

export async function graphView(db: Db, p: GraphParams): Promise<GraphView> {
  const { model, at, past } = await modelAt(db, p.at);
  const opts: BuildOptions = {
    at,
    filters: { environment: p.env, domain: p.domain, clientKind: p.clientKind, resourceKind: p.resourceKind, action: p.action },
    focus: p.focus ?? null,
    depth: p.depth,
    expand: p.expand,
    collapse: p.collapse,
    aggregate: p.aggregate,
    budget: p.budget,
    open: p.open,
  };
  const before = buildGraph(model, opts);
  const metaOf = (meta: GraphMeta) => ({ ...meta, at: at.toISOString(), past, version: model.version });
  if (p.change === undefined) return { nodes: before.nodes, edges: before.edges, meta: metaOf(before.meta), facets: facets(model), overlay: null };

  const cr = await db.changeRequest.findUnique({ where: { number: p.change }, include: { operations: true } });
  if (!cr) throw new AppError("not_found", `there is no change request CR-${p.change}`);
  const stored = parseReach(cr.reach);
  const reach = stored
    ? {
        totalGained: stored.totalGained,
        totalLost: stored.totalLost,
        clientsGaining: stored.clientsGaining,
        clientsLosing: stored.clientsLosing,
        gained: stored.gained.slice(0, LIST),
        lost: stored.lost.slice(0, LIST),
      }
    : null;
  const base = { number: cr.number, title: cr.title, status: cr.status, reach };
  if (!pending.has(cr.status)) {
    const note = `CR-${cr.number} is ${cr.status}: nothing is pending, so the graph shows the catalog as it is; the reach delta is the one stored when it was opened.`;
    return { nodes: before.nodes, edges: before.edges, meta: metaOf(before.meta), facets: facets(model), overlay: { ...base, counts: { edgesGained: 0, edgesLost: 0, nodesAdded: 0, nodesRemoved: 0 }, note } };
  }
  let afterModel: ReadModel;
  try {
    afterModel = new ReadModel(applyToSnapshot(model.snapshot, storedOperations(cr.title, cr.operations)), model.version);
  } catch (e) {
    throw new AppError("conflict", `CR-${cr.number}'s operations no longer apply to the catalog: ${e instanceof Error ? e.message : String(e)}`);
  }
  const after = buildGraph(afterModel, opts);
  const merged = mergeOverlay(before, after, catalogDiff(fullGraph(model, at), fullGraph(afterModel, at)));
  return {
    nodes: merged.nodes,
    edges: merged.edges,
    meta: metaOf({ ...after.meta, totalNodes: Math.max(before.meta.totalNodes, after.meta.totalNodes), totalEdges: Math.max(before.meta.totalEdges, after.meta.totalEdges) }),
    facets: facets(afterModel),
    overlay: { ...base, counts: merged.counts, note: null },
  };
}
