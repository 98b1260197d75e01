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
// Deleting or redefining an assertion is a high finding: reviewed, never applied at once.
import type { CatalogEntity } from "../audit/actions";
import type { Tx } from "../db/client";
import type { Finding, Severity } from "../policy/findings";
import { assertionEnvironment, checkAssertions } from "./assertions";
import type { AssertionSpec } from "./format";
import { loadLiveState } from "./live-state";

/** Changes to these cannot change who reaches what. */
const inert = new Set<CatalogEntity>(["credential", "environment", "domain"]);

export type AssertionBaseline = { specs: AssertionSpec[]; passed: Map<string, boolean> } | null;

/** The assertions as they stand before the change, and which pass; null when the change cannot affect any. */
export async function assertionBaseline(tx: Tx, ops: { entity: CatalogEntity }[], now: Date): Promise<AssertionBaseline> {
  if (ops.every((o) => inert.has(o.entity))) return null;
  if (!ops.some((o) => o.entity === "assertion") && (await tx.assertion.count()) === 0) return null;
  const { state } = await loadLiveState(tx);
  return { specs: state.assertions, passed: new Map(checkAssertions(state, now).map((r) => [r.name, r.pass])) };
}

/**
 * The findings for the assertions the applied change breaks. The definitions that stood
 * before the change are enforced on the state after it, so a change cannot escape an
 * assertion by deleting or loosening it in the same breath; and deleting or redefining an
 * assertion is itself a high finding, so it is reviewed, never applied at once.
 */
export async function assertionFindings(tx: Tx, baseline: AssertionBaseline, now: Date): Promise<Finding[]> {
  if (!baseline) return [];
  const { state, ids } = await loadLiveState(tx);
  const after = new Map(state.assertions.map((a) => [a.name, a]));
  const before = new Map(baseline.specs.map((a) => [a.name, a]));
  // every definition in force before or after the change, each judged on the state after it
  const judged = [...baseline.specs, ...state.assertions.filter((a) => !sameSpec(before.get(a.name), a))];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const r of checkAssertions(state, now, judged)) {
    if (r.pass || baseline.passed.get(r.name) === false || seen.has(r.name)) continue;
    seen.add(r.name);
    const spec = after.get(r.name) ?? before.get(r.name)!;
    const shown = r.paths.slice(0, 5).join("; ");
    const more = r.pathCount > 5 ? ` and ${r.pathCount - 5} more` : "";
    findings.push({
      checkId: "assertion",
      severity: r.severity as Severity,
      message: `assertion ${r.name} broken: ${r.message}${shown ? ` (via ${shown}${more})` : ""}`,
      target: { entity: "assertion", id: ids.assertions.get(r.name) ?? r.name, name: r.name },
      environment: assertionEnvironment(spec),
      // a "can" assertion is broken by narrowing access, which is never refused (an
      // incident must be able to cut access); the others are broken by widening it
      blocking: r.severity === "critical" && r.rule !== "can",
    });
  }
  for (const [name, old] of before) {
    const now_ = after.get(name);
    if (sameSpec(old, now_)) continue;
    findings.push({
      checkId: "assertion-changed",
      severity: "high",
      message: now_ ? `assertion ${name} is redefined: reviewers should check it is not loosened` : `assertion ${name} is removed: nothing will hold this promise any more`,
      target: { entity: "assertion", id: ids.assertions.get(name) ?? name, name },
      environment: assertionEnvironment(old),
      blocking: false,
    });
  }
  return findings;
}

const sameSpec = (a: AssertionSpec | undefined, b: AssertionSpec | undefined) => !!a && !!b && canonical(a) === canonical(b);
const canonical = (a: AssertionSpec) => JSON.stringify(Object.keys(a).sort().map((k) => [k, (a as Record<string, unknown>)[k]]));
