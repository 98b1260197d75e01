// The access graph as plain data: what lib/graph/build.ts produces from the
// read model, what the API sends, what the layout places and React Flow draws.
// No React and no database here, so the browser, the worker and the server
// share these types.

/** The four fixed layers, left to right. */
export const layers = ["client", "profile", "scope", "resource"] as const;
export type Layer = (typeof layers)[number];
export const layerIndex: Record<Layer, number> = { client: 0, profile: 1, scope: 2, resource: 3 };

/** An aggregate ("group") stands for every node of one layer in one domain. */
export type NodeKind = Layer | "group";

export type GraphNode = {
  /** "c:<id>", "p:<id>", "s:<id>", "r:<id>" or "g:<layer>:<domainId|_>" */
  id: string;
  kind: NodeKind;
  /** the column: 0 clients, 1 profiles, 2 scopes, 3 resources */
  layer: number;
  label: string;
  /** second line: client kind, resource kind, action, "v3 · 900 s" … */
  detail: string;
  /** the catalog id of the object (the domain id for a group) */
  refId: string;
  environment: string | null;
  /** environment protection ("protected" for prod) */
  protected: boolean;
  domainId: string | null;
  domain: string | null;
  /** resources (and their scopes): low | medium | high | critical */
  criticality: string | null;
  /** clients: active | suspended | disabled; profiles: active | expired */
  status: string | null;
  /** a profile with an expiry */
  temporary: boolean;
  expiresAt: string | null;
  /** groups: how many nodes they stand for */
  count: number;
  /** overlay of a pending change: the node exists only after (added) or only before (removed) it */
  overlay?: "added" | "removed";
};

export type EdgeKind = "binding" | "claimRule" | "holds" | "actsOn";

export type GraphEdge = {
  /** "b:<bindingId>", "k:<claimRuleId>", "h:<profileId>:<scopeId>", "a:<scopeId>", or "x:<kind>:<source>:<target>" between groups */
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** a binding with an expiry (a temporary grant), or any link to a profile that expires */
  temporary: boolean;
  expiresAt: string | null;
  /** how many catalog edges an edge between groups stands for (1 otherwise) */
  count: number;
  overlay?: "gained" | "lost";
};

export type Graph = { nodes: GraphNode[]; edges: GraphEdge[] };

export type GraphFilters = {
  /** environment names (prod, staging …) */
  environment?: string;
  /** domain names */
  domain?: string;
  clientKind?: string;
  resourceKind?: string;
  action?: string;
};

export type AggregateMode = "auto" | "on" | "off";

export type BuildOptions = {
  filters?: GraphFilters;
  /** when bindings and profiles are judged live */
  at: Date;
  /** a node id: show only the paths through it, `depth` layers each way */
  focus?: string | null;
  depth?: number;
  /** node ids whose direct neighbours are shown too (in a focused view) */
  expand?: string[];
  /** node ids whose children (the next layer) are hidden unless another parent shows them */
  collapse?: string[];
  aggregate?: AggregateMode;
  /** above this many nodes, "auto" aggregates by domain */
  budget?: number;
  /** domain ids (or "_" for none) shown node by node while the rest is aggregated */
  open?: string[];
};

export type GraphMeta = {
  /** nodes and edges before aggregation */
  totalNodes: number;
  totalEdges: number;
  aggregated: boolean;
  budget: number;
};

export const nodeId = {
  client: (id: string) => `c:${id}`,
  profile: (id: string) => `p:${id}`,
  scope: (id: string) => `s:${id}`,
  resource: (id: string) => `r:${id}`,
  group: (layer: Layer, domainId: string | null) => `g:${layer}:${domainId ?? "_"}`,
};

export const edgeId = {
  binding: (id: string) => `b:${id}`,
  claimRule: (id: string) => `k:${id}`,
  holds: (profileId: string, scopeId: string) => `h:${profileId}:${scopeId}`,
  actsOn: (scopeId: string) => `a:${scopeId}`,
};
