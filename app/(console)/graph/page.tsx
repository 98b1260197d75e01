import type { Metadata } from "next";
import { Suspense } from "react";
import { GraphExplorer } from "@/components/graph/graph-explorer";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Access graph" };

/** The access graph: who can reach what, and why. The view lives in the URL. */
export default async function GraphPage() {
  const actor = await requireActor();
  const canIncident = can(actor, "change.emergency");
  return (
    <Suspense fallback={<p className="text-sm text-slate-600 dark:text-slate-400">Loading the graph…</p>}>
      {/* revoking tokens is the token service's (lib/oauth/revocations.ts) */}
      <GraphExplorer canIncident={canIncident} canRevokeTokens={canIncident} />
    </Suspense>
  );
}
