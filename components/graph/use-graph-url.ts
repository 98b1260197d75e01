"use client";
// The graph view lives in the URL (deep links): filters, focus, aggregation,
// time travel, the change overlay, the selection and the question asked.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

/** Parameters the API reads (lib/graph/params.ts). */
export const apiKeys = ["env", "domain", "clientKind", "resourceKind", "action", "focus", "depth", "expand", "collapse", "open", "aggregate", "budget", "at", "change"] as const;
/** Page-only state. */
export const pageKeys = ["sel", "askClient", "askAction", "askResource"] as const;

export type GraphUrlKey = (typeof apiKeys)[number] | (typeof pageKeys)[number];
export type GraphUrl = Partial<Record<GraphUrlKey, string>>;

export const listOf = (v: string | undefined) => (v ? v.split(",").filter(Boolean) : []);
export const toggleIn = (v: string | undefined, item: string) => {
  const xs = listOf(v);
  return (xs.includes(item) ? xs.filter((x) => x !== item) : [...xs, item]).join(",");
};

export function useGraphUrl() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => {
    const out: GraphUrl = {};
    for (const k of [...apiKeys, ...pageKeys]) {
      const v = search.get(k);
      if (v) out[k] = v;
    }
    return out;
  }, [search]);
  const api = useMemo(() => {
    const out: Record<string, string> = {};
    for (const k of apiKeys) if (state[k]) out[k] = state[k]!;
    return out;
  }, [state]);
  const set = useCallback(
    (patch: GraphUrl) => {
      const next = new URLSearchParams(search.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === "") next.delete(k);
        else next.set(k, v);
      }
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [search, router, pathname],
  );
  return { state, api, set };
}
