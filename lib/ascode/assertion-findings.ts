// The server's check of the catalog's access assertions on every change
// request, whatever its surface: the assertions are evaluated on the catalog
// before the change and inside its rolled-back transaction after it, and each
// one the change breaks (passing before, failing after; or new and failing)
// becomes a finding naming the violating paths. A critical assertion's
// finding is blocking, so the change is refused — except a broken "can",
// which only narrowing causes and which is flagged, never refused, so cutting
// access in an incident always goes through. Others raise the risk and show
// on the change request like any policy finding.
// Cost: two whole-catalog reads per change, and only while assertions exist.
import type { CatalogEntity } from "../audit/actions";
import type { Tx } from "../db/client";
import type { Finding, Severity } from "../policy/findings";
import { assertionEnvironment, checkAssertions } from "./assertions";
import { loadLiveState } from "./live-state";

/** Changes to these cannot change who reaches what. */
const inert = new Set<CatalogEntity>(["credential", "environment", "domain"]);

export type AssertionBaseline = Map<string, boolean> | null;

/** Which assertions pass before the change; null when the change cannot affect any. */
export async function assertionBaseline(tx: Tx, ops: { entity: CatalogEntity }[], now: Date): Promise<AssertionBaseline> {
  if (ops.every((o) => inert.has(o.entity))) return null;
  if (!ops.some((o) => o.entity === "assertion") && (await tx.assertion.count()) === 0) return null;
  const { state } = await loadLiveState(tx);
  return new Map(checkAssertions(state, now).map((r) => [r.name, r.pass]));
}

/** The findings for the assertions the applied change breaks. */
export async function assertionFindings(tx: Tx, baseline: AssertionBaseline, now: Date): Promise<Finding[]> {
  if (!baseline) return [];
  const { state, ids } = await loadLiveState(tx);
  const specs = new Map(state.assertions.map((a) => [a.name, a]));
  return checkAssertions(state, now)
    .filter((r) => !r.pass && baseline.get(r.name) !== false)
    .map((r) => {
      const shown = r.paths.slice(0, 5).join("; ");
      const more = r.paths.length > 5 ? ` and ${r.paths.length - 5} more` : "";
      return {
        checkId: "assertion",
        severity: r.severity as Severity,
        message: `assertion ${r.name} broken: ${r.message}${shown ? ` (via ${shown}${more})` : ""}`,
        target: { entity: "assertion", id: ids.assertions.get(r.name) ?? r.name, name: r.name },
        environment: assertionEnvironment(specs.get(r.name)!),
        // a "can" assertion is broken by narrowing access, which is never refused (an
        // incident must be able to cut access); the others are broken by widening it
        blocking: r.severity === "critical" && r.rule !== "can",
      };
    });
}
