// Temporary changes: when a request's expiresAt passes, its exact inverse
// (lib/changes/inverse.ts) is planned against the catalog as it is then and
// applied through the gate as an "expiry" request, pre-approved by the change
// it undoes and acting for the person who made it. What cannot be undone
// exactly (a field changed again since, a revocation) is left as it is and
// written on both requests; an operation that fails is set aside the same
// way, so one expiry never blocks another. Runs on start (catching up on
// downtime) and then periodically; a conditional status update makes each
// expiry happen once, with any number of instances.
import canonicalize from "canonicalize";
import { appendAudit } from "../../audit/append";
import type { Actor } from "../../auth/permissions";
import { transaction, type Db, type Tx } from "../../db/client";
import { enqueueWebhookEvent } from "../../webhooks/enqueue";
import { OperationError, withIds } from "../apply-operations";
import { planInverse } from "../inverse";
import { parseChange, type OperationInput } from "../operations";
import { analyzeChange, type Analysis } from "./analyze";
import { applyRecorded } from "./apply-change";
import { lockCatalog } from "./lock";
import { recordChange } from "./record-change";
import { rolledBack } from "./rollback";

/**
 * The actor of an automatic step, acting for a person: the first of `userIds`
 * who is still an active user, else the longest-standing active admin. Every
 * change has a human principal; the label says the system carried it out.
 */
export async function actingFor(tx: Tx | Db, userIds: (string | null)[], what: string): Promise<Actor> {
  const ids = userIds.filter((u): u is string => !!u);
  const candidates = await tx.user.findMany({ where: { id: { in: ids }, disabled: false }, select: { id: true, email: true } });
  const user =
    ids.map((id) => candidates.find((c) => c.id === id)).find(Boolean) ??
    (await tx.user.findFirst({ where: { role: "admin", disabled: false }, orderBy: { createdAt: "asc" }, select: { id: true, email: true } }));
  if (!user) throw new Error(`no active user to act for (${what})`);
  return { id: user.id, label: `system (${what}) for ${user.email}`, role: "admin", kind: "system" };
}

type Plan = { key: string; operations: OperationInput[]; notes: string[] };

/** The inverse to apply now, without the operations set aside by earlier attempts. */
async function currentPlan(tx: Tx, crId: string, skip: Set<string>): Promise<Plan & { cr: { number: number; title: string; authorId: string | null; expiresAt: Date | null } }> {
  const cr = await tx.changeRequest.findUniqueOrThrow({ where: { id: crId }, include: { operations: true, approvals: true } });
  const plan = await planInverse(tx, cr.operations, `CR-${cr.number}`);
  const keyOf = (op: OperationInput) => canonicalize(op) ?? "";
  const operations = plan.operations.filter((op) => !skip.has(keyOf(op)));
  const setAside = plan.operations.filter((op) => skip.has(keyOf(op))).map((op) => `${op.kind} of ${op.entity} ${"id" in op ? op.id : ""} could not be applied and was set aside`);
  return { key: canonicalize(operations) ?? "", operations, notes: [...plan.conflicts, ...setAside], cr };
}

const titleOf = (cr: { number: number; title: string }) => `Expire CR-${cr.number}: ${cr.title}`.slice(0, 200);

async function expireOne(db: Db, id: string, now: Date): Promise<number | null> {
  const skip = new Set<string>();
  for (let attempt = 0; attempt < 20; attempt++) {
    // 1. plan and analyse, rolled back (the analysis applies the operations)
    let analysed: { plan: Plan; analysis: Analysis | null } | null;
    try {
      analysed = await rolledBack(db, async (tx) => {
        await lockCatalog(tx);
        const due = await tx.changeRequest.count({ where: { id, status: "applied", expiresAt: { lte: now } } });
        if (!due) return null;
        const plan = await currentPlan(tx, id, skip);
        if (!plan.operations.length) return { plan, analysis: null };
        const ops = withIds(parseChange({ title: titleOf(plan.cr), operations: plan.operations }).operations);
        return { plan, analysis: await analyzeChange(tx, ops, "pending", now) };
      });
    } catch (e) {
      if (e instanceof OperationError) {
        skip.add(await failedKey(db, id, skip, e.index));
        continue;
      }
      throw e;
    }
    if (!analysed) return null;
    // 2. claim, check the plan still holds, record and apply: one transaction
    const outcome = await transaction(db, async (tx) => {
      await lockCatalog(tx);
      const plan = await currentPlan(tx, id, skip);
      if (plan.key !== analysed.plan.key) return "replan" as const;
      const moved = await tx.changeRequest.updateMany({ where: { id, status: "applied", expiresAt: { lte: now } }, data: { status: "expired", closedAt: now } });
      if (!moved.count) return null;
      const label = `CR-${plan.cr.number}`;
      const actor = await actingFor(tx, [plan.cr.authorId], `expiry of ${label}`);
      let expiry: number | null = null;
      if (analysed.analysis) {
        const requirement = { approvals: 0, ownerRequired: false, autoApply: false, preApprovedBy: plan.cr.number };
        const row = await recordChange(tx, { actor, title: titleOf(plan.cr), reason: `Temporary change ${label} expired at ${plan.cr.expiresAt?.toISOString()}`, analysis: analysed.analysis, requirement, source: "expiry", now, revertOfId: id });
        if (plan.notes.length) await tx.changeRequest.update({ where: { id: row.id }, data: { outcomeNote: plan.notes.join("; ").slice(0, 2000) } });
        await applyRecorded(tx, { actor, id: row.id, now, via: "expiry" });
        expiry = row.number;
      }
      if (plan.notes.length) await tx.changeRequest.update({ where: { id }, data: { outcomeNote: plan.notes.join("; ").slice(0, 2000) } });
      const after = { expiresAt: plan.cr.expiresAt?.toISOString(), undoneBy: expiry ? `CR-${expiry}` : null, inverseOperations: plan.operations.length, notUndone: plan.notes };
      await appendAudit(tx, actor, [{ action: "change.expired", targetType: "changeRequest", targetId: id, targetName: label, changeRequestId: id, after }], now);
      await enqueueWebhookEvent(tx, "change.expired", { number: plan.cr.number, title: plan.cr.title, ...after }, now);
      return plan.cr.number;
    }).catch(async (e: unknown) => {
      if (e instanceof OperationError) {
        skip.add(await failedKey(db, id, skip, e.index));
        return "replan" as const;
      }
      throw e;
    });
    if (outcome !== "replan") return outcome;
  }
  throw new Error(`the expiry of change request ${id} did not settle`);
}

/** The operation (by content) at `index` of the current plan: set aside on the next attempt. */
async function failedKey(db: Db, id: string, skip: Set<string>, index: number): Promise<string> {
  const plan = await transaction(db, (tx) => currentPlan(tx, id, skip));
  return canonicalize(plan.operations[index]) ?? `#${index}`;
}

export async function expireDueChanges(db: Db, now = new Date()): Promise<number[]> {
  const due = await db.changeRequest.findMany({ where: { status: "applied", expiresAt: { lte: now } }, select: { id: true }, orderBy: { expiresAt: "asc" }, take: 50 });
  const expired: number[] = [];
  for (const { id } of due) {
    try {
      const number = await expireOne(db, id, now);
      if (number !== null) expired.push(number);
    } catch (e) {
      // one expiry that fails must not stop the others; it is retried on the next sweep
      console.error(`expiry of change request ${id} failed:`, e instanceof Error ? e.message : e);
    }
  }
  return expired;
}
