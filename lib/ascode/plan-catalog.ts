// `perimeter plan` on the server: the files' desired state against the live
// catalog. It returns the name-level operations, the plan's hash, and the
// same analysis a change request gets when it is opened (the operations are
// applied in a transaction that is rolled back: reach delta, risk, policy and
// assertion findings, approvals needed), plus the files' assertions evaluated
// on the planned catalog. Nothing is written.
import { z } from "zod";
import { loadApprovalRules, requirementFor, type Requirement } from "../changes/approval-rules";
import { OperationError, withIds } from "../changes/apply-operations";
import { parseChange, type OperationInput } from "../changes/operations";
import { analyzeChange, type Analysis } from "../changes/workflow/analyze";
import { rolledBack } from "../changes/workflow/rollback";
import type { Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { checkAssertions, type AssertionResult } from "./assertions";
import { diffStates, planHash, type NamedOp, type Plan } from "./diff";
import { catalogState, type CatalogState } from "./format";
import { loadLiveState } from "./live-state";
import { checkReferences } from "./references";
import { resolveOperations } from "./resolve";

export const planInput = z.object({
  state: catalogState,
  /** delete what the catalog holds and the files do not */
  prune: z.boolean().default(false),
});

export type CatalogPlan = {
  catalogVersion: number;
  planHash: string;
  operations: NamedOp[];
  unmanaged: Plan["unmanaged"];
  notes: string[];
  change: { title: string; reason: string; operations: OperationInput[] } | null;
  analysis: { risk: Analysis["risk"]; findings: Analysis["findings"]; delta: Analysis["delta"]; requirement: Requirement } | null;
  /** the files' assertions on the catalog as the plan would leave it */
  assertions: AssertionResult[];
};

const count = (ops: NamedOp[], kind: NamedOp["kind"]) => ops.filter((o) => o.kind === kind).length;

function describe(ops: NamedOp[]) {
  const parts = (["create", "update", "delete"] as const).flatMap((k) => (count(ops, k) ? [`${count(ops, k)} ${k}${count(ops, k) === 1 ? "" : "s"}`] : []));
  const title = `Apply catalog files: ${parts.join(", ")}`;
  const lines = ops.map((o) => `${o.kind} ${o.entity} ${o.key}`);
  const reason = `Opened by perimeter apply from the catalog files. ${lines.join("; ")}`;
  return { title, reason: reason.length <= 2000 ? reason : `${reason.slice(0, 1999)}…` };
}

/** Parses and checks the desired state; references must resolve within the files. */
export function parseDesired(raw: unknown): { state: CatalogState; prune: boolean } {
  const parsed = planInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const refs = checkReferences(parsed.data.state);
  if (refs.length) throw new AppError("validation", `${refs[0]!.at}: ${refs[0]!.message}`, refs.map((r) => ({ field: r.at, message: r.message })));
  return parsed.data;
}

/** An operation's error, named by the object it concerns rather than its index. */
function named(e: unknown, ops: NamedOp[]): unknown {
  if (!(e instanceof OperationError)) return e;
  const op = ops[e.index];
  return op ? new AppError(e.code, `${op.kind} ${op.entity} ${op.key}: ${e.message.replace(/^operations\.\d+\.(data\.)?/, "")}`, e.fields) : e;
}

/** The operations alone (no analysis): what apply needs. */
export async function diffCatalog(db: Db, raw: unknown) {
  const { state: desired, prune } = parseDesired(raw);
  const live = await loadLiveState(db);
  const plan = diffStates(live.state, desired, { prune });
  if (plan.errors.length) throw new AppError("validation", plan.errors[0]!, plan.errors.map((message) => ({ field: "state", message })));
  const base = { catalogVersion: live.catalogVersion, planHash: planHash(plan.operations), operations: plan.operations, unmanaged: plan.unmanaged, notes: plan.notes };
  const change = plan.operations.length ? { ...describe(plan.operations), operations: resolveOperations(plan.operations, live.ids) } : null;
  return { desired, live, plan, base, change };
}

export async function planCatalog(db: Db, raw: unknown, now = new Date()): Promise<CatalogPlan> {
  const { desired, live, plan, base, change } = await diffCatalog(db, raw);
  if (!change) return { ...base, change: null, analysis: null, assertions: checkAssertions(live.state, now, desired.assertions) };

  const ops = withIds(parseChange(change).operations);
  const { analysis, planned } = await rolledBack(db, async (tx) => {
    const analysis = await analyzeChange(tx, ops, "pending", now);
    return { analysis, planned: (await loadLiveState(tx)).state };
  }).catch((e: unknown) => {
    throw named(e, plan.operations);
  });
  const requirement = requirementFor(await loadApprovalRules(db), analysis.risk.level, analysis.touchesProtected);
  return {
    ...base,
    change,
    analysis: { risk: analysis.risk, findings: analysis.findings, delta: analysis.delta, requirement },
    assertions: checkAssertions(planned, now, desired.assertions),
  };
}
