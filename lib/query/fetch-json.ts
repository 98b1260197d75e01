/** GET JSON from /api/v1, surfacing the problem document's detail on failure. */
export async function fetchJson<T>(path: string, params: Record<string, string> = {}): Promise<T> {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ""));
  const res = await fetch(`${path}${qs.size ? `?${qs}` : ""}`, { headers: { accept: "application/json" } });
  const body = (await res.json().catch(() => null)) as (T & { detail?: string }) | null;
  if (!res.ok || !body) throw new Error(body?.detail ?? `request failed (${res.status})`);
  return body;
}
