/** POST JSON to /api/v1, surfacing the problem document's detail on failure. */
export async function postJson<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => null)) as (T & { detail?: string }) | null;
  if (!res.ok || !data) throw new Error(data?.detail ?? `the request failed (${res.status})`);
  return data;
}
