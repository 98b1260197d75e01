"use client";
// Live policy findings for a draft change: the server runs the whole write
// path and rolls it back (previewChange), so forms show exactly what applying
// would report.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { previewChangeAction } from "@/app/(console)/changes/actions";
import { catalogKeys } from "@/lib/query/catalog-keys";

export function useDebounced<T>(value: T, ms = 400): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return current;
}

export function usePolicyPreview(draft: unknown | null) {
  const debounced = useDebounced(draft);
  return useQuery({
    queryKey: catalogKeys.preview(debounced),
    enabled: debounced !== null,
    queryFn: async () => {
      const result = await previewChangeAction(debounced);
      return result.ok ? { findings: result.data.findings, error: null } : { findings: [], error: result.error };
    },
  });
}
