// perimeter plan DIR: the files against the live catalog — operations, reach
// delta, risk, findings and assertions, as a change request would get them.
// Exit 0 nothing to do, 2 changes, 1 error.
import type { CatalogPlan } from "../../ascode/plan-catalog";
import { call, connection } from "../api";
import { CliError, exitCodes } from "../errors";
import { loadState } from "../load-files";
import { printJson, say, type Format } from "../output";
import { planText } from "../render";

export type Remote = { url?: string; token?: string; output: Format };

export async function fetchPlan(dir: string, opts: Remote & { prune?: boolean }): Promise<CatalogPlan> {
  const { state } = loadState(dir);
  const conn = connection(opts);
  return (await call<CatalogPlan>(conn, "POST", "/api/v1/catalog-files/plan", { state, prune: !!opts.prune })).body;
}

export async function planCommand(dir: string, opts: Remote & { prune?: boolean; all?: boolean }): Promise<number> {
  const plan = await fetchPlan(dir, opts);
  if (opts.output === "json") printJson(plan);
  else say(planText(plan, opts.all ?? false));
  const blocked = plan.analysis?.findings.filter((f) => f.blocking) ?? [];
  if (blocked.length && opts.output !== "json")
    throw new CliError("the plan would be refused: blocking findings", blocked.map((f) => `${f.checkId} on ${f.target.name}: ${f.message}`));
  if (blocked.length) return exitCodes.error;
  return plan.operations.length ? exitCodes.changes : exitCodes.ok;
}
