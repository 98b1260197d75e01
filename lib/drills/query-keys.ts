// TanStack Query keys for drills fetched from the browser.
export const drillKeys = {
  all: ["drills"] as const,
  one: (id: string) => ["drills", id] as const,
};
