import { loadLiveState } from "@/lib/ascode/live-state";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** The live catalog as a catalog-files state (names, never ids; no credentials): what `perimeter export` writes. */
export const GET = route("catalog.read", async () => {
  const { state, catalogVersion } = await loadLiveState(db());
  return Response.json({ catalogVersion, state }, { headers: { "cache-control": "no-store" } });
});
