// TanStack Query key factory for the console's browser-side queries.
export const keys = {
  search: (q: string) => ["search", q] as const,
};
