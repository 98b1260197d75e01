// TanStack Query keys for the graph page's browser-side queries.
export const graphKeys = {
  all: ["graph"] as const,
  view: (params: Record<string, string>) => ["graph", "view", params] as const,
  search: (q: string, at: string) => ["graph", "search", q, at] as const,
  can: (params: Record<string, string>) => ["graph", "can", params] as const,
  blast: (client: string, at: string) => ["graph", "blast", client, at] as const,
  reach: (resource: string, at: string) => ["graph", "reach", resource, at] as const,
};
