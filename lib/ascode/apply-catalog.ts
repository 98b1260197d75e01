// `perimeter apply` on the server: opens the change request for the files'
// plan through the one write path (openChange), so it is reviewed under the
// approval rules like any other change. Idempotent: while a request opened
// from the same plan (same hash) is still open or approved, it is returned
// instead of a second one. With the hash of an earlier plan, a catalog that
// has moved since (the plan would differ) is refused as stale.
//
// Two applies of one plan at once (two CI jobs, a retried request) open one
// request: the plan's identity is recorded with the request
// (../changes/workflow/plan-identity.ts). An apply that finds the catalog moved
// under it (the other apply applied the plan at once) looks again: the files
// are then up to date, or the other's request is returned (with --plan-hash,
// a catalog that moved since the reviewed plan stays a 409 "stale").
import { z } from "zod";
import type { Actor } from "../auth/permissions";
import { openChange, requireAuthor, type OpenResult } from "../changes/workflow/open-change";
import type { Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { diffCatalog, planInput } from "./plan-catalog";
import { pendingFromPlan, PlanAlreadyOpen, PlanOutdated, type PendingRequest } from "../changes/workflow/plan-identity";
import { text } from "../validation/text";

export const applyInput = planInput.extend({
  /** the hash `perimeter plan` printed: refuse when the plan is no longer the same */
  planHash: text().regex(/^[0-9a-f]{64}$/, "must be the 64-character plan hash that plan printed").optional(),
  source: z.enum(["cli", "api"]).default("api"),
});

export type ApplyOutcome = {
  planHash: string;
  /** the catalog already matches the files */
  upToDate: boolean;
  /** the request was opened earlier from the same plan */
  reused: boolean;
  changeRequest: { id: string; number: number; title: string; status: string; risk: string } | null;
  findings: OpenResult["findings"];
};

export async function applyCatalog(db: Db, { actor, input }: { actor: Actor; input: unknown }): Promise<ApplyOutcome> {
  requireAuthor(actor);
  const parsed = applyInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  try {
    return await applyOnce(db, actor, parsed.data);
  } catch (e) {
    // another apply of these files got there first and the catalog moved under this one: look
    // again (up to date now, or the other's request), once; a catalog that keeps moving is a 409
    if (e instanceof PlanOutdated) return applyOnce(db, actor, parsed.data);
    throw e;
  }
}

async function applyOnce(db: Db, actor: Actor, data: z.infer<typeof applyInput>): Promise<ApplyOutcome> {
  const { base, change } = await diffCatalog(db, data);
  const hash = base.planHash;
  // the reviewed plan, or nothing: a catalog that moved since is refused even where the files now match it
  if (data.planHash && data.planHash !== hash) {
    throw new AppError("stale", "the catalog has moved since this plan was made: run perimeter plan again and review the new plan", [
      { field: "planHash", message: `the plan is now ${hash}` },
    ]);
  }
  if (!change) return { planHash: hash, upToDate: true, reused: false, changeRequest: null, findings: [] };
  const reuse = (open: PendingRequest): ApplyOutcome => {
    const { findings, ...changeRequest } = open;
    return { planHash: hash, upToDate: false, reused: true, changeRequest, findings: JSON.parse(findings) as OpenResult["findings"] };
  };
  const open = await pendingFromPlan(db, hash);
  if (open) return reuse(open);
  try {
    const opened = await openChange(db, { actor, input: change, source: data.source, plan: { hash, catalogVersion: base.catalogVersion } });
    return { planHash: hash, upToDate: false, reused: false, changeRequest: opened.changeRequest, findings: opened.findings };
  } catch (e) {
    if (e instanceof PlanAlreadyOpen) return reuse(e.request);
    // refused while analysing (a create whose name another apply just took) after the catalog moved: outdated, not wrong
    if (e instanceof AppError) {
      const now = await catalogVersion(db);
      if (now !== base.catalogVersion) throw new PlanOutdated(base.catalogVersion, now);
    }
    throw e;
  }
}

async function catalogVersion(db: Db): Promise<number> {
  return (await db.catalogState.findUnique({ where: { id: 1 }, select: { catalogVersion: true } }))?.catalogVersion ?? 0;
}
