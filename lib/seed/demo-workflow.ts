// Walks one step of the demo history through the real workflow, as the demo
// accounts would: the author opens it, reviewers chosen by the approval rules
// (owners of the affected domains first) approve or reject it, the author
// applies it; emergency changes apply at once and are reviewed after the fact;
// reverts and expiries go through their own paths. Returns what was applied,
// with when, for the usage generator.
import type { Actor } from "../auth/permissions";
import type { OperationInput } from "../changes/operations";
import { applyChangeRequest } from "../changes/workflow/apply-change";
import { reviewEmergency } from "../changes/workflow/emergency-review";
import { expireDueChanges } from "../changes/workflow/expire-changes";
import { openChange } from "../changes/workflow/open-change";
import { revertChange } from "../changes/workflow/revert-change";
import { reviewChange } from "../changes/workflow/review";
import { parseReach } from "../changes/workflow/review-data";
import type { Db } from "../db/client";
import { createTrustedIssuer } from "../oauth/trusted-issuers";
import { decideItem, startReview } from "../reviews/campaign";
import { demoUsers } from "./demo-data";
import { when, type ChangeStep, type DemoEmail, type Step } from "./demo-history";

/** What the catalog took on, and when: the input of ./holdings.ts. */
export type TimedStep = { at: Date; title: string; operations: OperationInput[] };

export type SeedContext = { db: Db; now: Date; actors: Map<string, Actor>; numbers: Map<string, string>; log?: (line: string) => void };

const MINUTE = 60_000;
const later = (d: Date, minutes: number) => new Date(d.getTime() + minutes * MINUTE);
const reviewerRoles = new Set(["approver", "admin"]);

/** The operations a request actually applied, read back from its stored rows. */
async function appliedOperations(db: Db, id: string): Promise<OperationInput[]> {
  const rows = await db.operation.findMany({ where: { changeRequestId: id }, orderBy: { seq: "asc" } });
  return rows.map((r) => (r.kind === "delete" ? { entity: r.entity, kind: "delete", id: r.targetId } : { entity: r.entity, kind: r.kind, id: r.targetId, data: JSON.parse(r.payload) })) as OperationInput[];
}

/** Approvers the stored requirement asks for: owners of the affected domains first, never the author. */
async function reviewersFor(ctx: SeedContext, id: string, author: string): Promise<string[]> {
  const cr = await ctx.db.changeRequest.findUniqueOrThrow({ where: { id }, select: { reach: true } });
  const reach = parseReach(cr.reach)!;
  const owners = await ctx.db.domainOwner.findMany({ where: { domainId: { in: reach.domainIds } }, select: { user: { select: { email: true } } } });
  const order = [...owners.map((o) => o.user.email), ...demoUsers.filter((u) => reviewerRoles.has(u.role)).map((u) => u.email)];
  const eligible = [...new Set(order)].filter((e) => e !== author && reviewerRoles.has(ctx.actors.get(e)!.role));
  return eligible.slice(0, reach.requirement.approvals);
}

async function runChange(ctx: SeedContext, step: ChangeStep): Promise<TimedStep[]> {
  const at = when(ctx.now, step.at);
  const author = ctx.actors.get(step.by)!;
  const input = { title: step.title, reason: step.reason, operations: step.operations, ...(step.expiresAt ? { expiresAt: when(ctx.now, step.expiresAt).toISOString() } : {}), ...(step.emergency ? { emergency: true } : {}) };
  const opened = await openChange(ctx.db, { actor: author, input, now: at, source: "seed" });
  const id = opened.changeRequest.id;
  ctx.numbers.set(step.title, id);
  const as = (email: DemoEmail | string) => ctx.actors.get(email)!;
  let appliedAt: Date | null = opened.changeRequest.status === "applied" ? at : null;
  let how = step.emergency ? "emergency" : "applied at once";

  if (step.emergency?.confirmedBy) {
    await reviewEmergency(ctx.db, { actor: as(step.emergency.confirmedBy), id, input: { decision: "confirm", comment: "Reviewed after the incident call: proportionate." }, now: step.emergency.at ? when(ctx.now, step.emergency.at) : later(at, 360) });
  } else if (!appliedAt) {
    const outcome = step.outcome;
    if (outcome && "rejectedBy" in outcome) {
      await reviewChange(ctx.db, { actor: as(outcome.rejectedBy), id, input: { decision: "reject", comment: outcome.comment }, now: later(at, 45) });
      how = `rejected by ${outcome.rejectedBy}`;
    } else if (outcome && "waiting" in outcome) {
      for (const [i, email] of (outcome.approvedBy ?? []).entries()) await reviewChange(ctx.db, { actor: as(email), id, input: { decision: "approve", comment: "Looks right to me." }, now: later(at, 20 + 10 * i) });
      how = "waiting for review";
    } else {
      const reviewers = await reviewersFor(ctx, id, step.by);
      for (const [i, email] of reviewers.entries()) await reviewChange(ctx.db, { actor: as(email), id, input: { decision: "approve" }, now: later(at, 15 + 10 * i) });
      appliedAt = later(at, 15 + 10 * reviewers.length + 5);
      await applyChangeRequest(ctx.db, { actor: author, id, now: appliedAt });
      how = `approved by ${reviewers.join(" and ")}`;
    }
  }
  const n = step.operations.length;
  ctx.log?.(`CR-${opened.changeRequest.number} ${step.title} (${n} operation${n === 1 ? "" : "s"}, by ${step.by}, ${how}, ${at.toISOString().slice(0, 16)}Z)`);
  return appliedAt ? [{ at: appliedAt, title: step.title, operations: await appliedOperations(ctx.db, id) }] : [];
}

export async function runStep(ctx: SeedContext, step: Step): Promise<TimedStep[]> {
  if (step.kind === "change") return runChange(ctx, step);
  const at = when(ctx.now, step.at);
  if (step.kind === "issuer") {
    const { name, issuer, audience, jwksUri } = step;
    await createTrustedIssuer(ctx.db, ctx.actors.get(step.by)!, { name, issuer, audience, jwksUri }, at);
    ctx.log?.(`trusted issuer ${name} (${issuer}) by ${step.by}`);
    return [];
  }
  if (step.kind === "accessReview") {
    const review = await startReview(ctx.db, { actor: ctx.actors.get(step.by)!, input: { name: step.name, scopeKind: "domain", scope: step.domain }, now: at });
    for (const [i, d] of step.decisions.entries()) {
      const item = await ctx.db.accessReviewItem.findFirstOrThrow({ where: { reviewId: review.id, clientName: d.client, profileName: d.profile } });
      await decideItem(ctx.db, { actor: ctx.actors.get(d.by)!, reviewId: review.id, itemId: item.id, input: { decision: d.decision, comment: d.comment ?? "" }, now: later(at, 30 + 5 * i) });
    }
    ctx.log?.(`access review "${step.name}" started by ${step.by}: ${step.decisions.length} of ${review.items} bindings decided`);
    return [];
  }
  if (step.kind === "expiry") {
    const expired = await expireDueChanges(ctx.db, at);
    const undone = await ctx.db.changeRequest.findMany({ where: { source: "expiry", status: "applied", appliedAt: at }, select: { id: true, number: true, title: true } });
    for (const n of expired) ctx.log?.(`CR-${n} expired at ${at.toISOString().slice(0, 16)}Z`);
    return Promise.all(undone.map(async (cr) => ({ at, title: cr.title, operations: await appliedOperations(ctx.db, cr.id) })));
  }
  // a revert: opened by `by`, approved by the rules' reviewers, applied by `by`
  const original = ctx.numbers.get(step.of);
  if (!original) throw new Error(`demo history: no step "${step.of}" to revert`);
  const opened = await revertChange(ctx.db, { actor: ctx.actors.get(step.by)!, id: original, reason: step.reason, now: at });
  let appliedAt = opened.changeRequest.status === "applied" ? at : null;
  if (!appliedAt) {
    const reviewers = await reviewersFor(ctx, opened.changeRequest.id, step.by);
    for (const [i, email] of reviewers.entries()) await reviewChange(ctx.db, { actor: ctx.actors.get(email)!, id: opened.changeRequest.id, input: { decision: "approve" }, now: later(at, 15 + 10 * i) });
    appliedAt = later(at, 15 + 10 * reviewers.length + 5);
    await applyChangeRequest(ctx.db, { actor: ctx.actors.get(step.by)!, id: opened.changeRequest.id, now: appliedAt });
  }
  ctx.log?.(`CR-${opened.changeRequest.number} ${opened.changeRequest.title} (revert, by ${step.by}, ${at.toISOString().slice(0, 16)}Z)`);
  return [{ at: appliedAt, title: opened.changeRequest.title, operations: await appliedOperations(ctx.db, opened.changeRequest.id) }];
}
