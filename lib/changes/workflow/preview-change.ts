// What a change would do, without doing it: the same validation and analysis
// openChange runs (applied in a transaction that is rolled back), so forms,
// imports and plans show exactly what opening it would report.
import { loadApprovalRules, requirementFor, type Requirement } from "../approval-rules";
import { operationResults, withIds, type OperationResult } from "../apply-operations";
import { parseChange } from "../operations";
import type { Db } from "../../db/client";
import { analyzeChange, type Analysis } from "./analyze";
import { requireAuthor, type OpenOptions } from "./open-change";
import { rolledBack } from "./rollback";

export type Preview = {
  results: OperationResult[];
  findings: Analysis["findings"];
  risk: Analysis["risk"];
  delta: Analysis["delta"];
  requirement: Requirement;
};

export async function previewChange(db: Db, { actor, input, now = new Date() }: Pick<OpenOptions, "actor" | "input" | "now">): Promise<Preview> {
  requireAuthor(actor);
  const ops = withIds(parseChange(input).operations);
  const analysis = await rolledBack(db, (tx) => analyzeChange(tx, ops, "pending", now));
  return {
    results: operationResults(analysis.done).map(({ secret: _secret, ...r }) => r),
    findings: analysis.findings,
    risk: analysis.risk,
    delta: analysis.delta,
    requirement: requirementFor(await loadApprovalRules(db), analysis.risk.level, analysis.touchesProtected),
  };
}
