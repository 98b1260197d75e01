// TanStack Query keys for catalog data fetched from the browser.
// A list is keyed by its endpoint's plural and the URL parameters sent, so the
// list tables and the pickers share cached pages of the same request.
const plural = (endpoint: string) => endpoint.replace(/\/+$/, "").split("/").at(-1) ?? endpoint;

export const catalogKeys = {
  /** GET /api/v1/<plural> with these parameters, e.g. list("/api/v1/scopes", { sort: "-name" }) */
  list: (endpoint: string, params: Record<string, string>) => ["catalog", plural(endpoint), params] as const,
  scopes: (params: Record<string, string>) => ["catalog", "scopes", params] as const,
  clients: (params: Record<string, string>) => ["catalog", "clients", params] as const,
  profiles: (params: Record<string, string>) => ["catalog", "profiles", params] as const,
  preview: (draft: unknown) => ["changes", "preview", draft] as const,
};
