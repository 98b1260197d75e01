// Reviewing a change request: approve, request changes, reject, cancel,
// comment. Only approvers and admins approve; nobody approves their own
// request; high-risk requests also need an owner of an affected domain.
import { z } from "zod";
import { appendAudit } from "../../audit/append";
import { can, type Actor } from "../../auth/permissions";
import { transaction, type Db, type Tx } from "../../db/client";
import { AppError, validationError } from "../../errors";
import { enqueueWebhookEvent } from "../../webhooks/enqueue";
import { isSatisfied } from "../approval-rules";
import { lockCatalog } from "./lock";
import { parseReach } from "./review-data";
import { text } from "../../validation/text";

export const reviewInput = z.object({
  decision: z.enum(["approve", "request_changes", "reject"]),
  comment: text().trim().max(2000).default(""),
});

async function load(tx: Tx, id: string) {
  const cr = await tx.changeRequest.findUnique({ where: { id }, include: { approvals: true } });
  if (!cr) throw new AppError("not_found", "no change request with this id");
  return cr;
}

const label = (n: number) => `CR-${n}`;

export async function reviewChange(db: Db, { actor, id, input, now = new Date() }: { actor: Actor; id: string; input: unknown; now?: Date }) {
  if (!can(actor, "change.approve") || actor.kind !== "user" || !actor.id) throw new AppError("forbidden", "only approvers and admins review change requests");
  const parsed = reviewInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { decision, comment } = parsed.data;
  const userId = actor.id;

  return transaction(db, async (tx) => {
    await lockCatalog(tx);
    const cr = await load(tx, id);
    if (cr.authorId === userId) throw new AppError("forbidden", "nobody reviews their own change request");
    if (cr.status !== "open") throw new AppError("conflict", `${label(cr.number)} is ${cr.status}; only open requests are reviewed`);
    if (decision === "request_changes" && !comment) throw AppError.field("comment", "say what should change");

    if (decision === "reject") {
      await tx.changeRequest.update({ where: { id }, data: { status: "rejected", closedAt: now } });
      if (comment) await tx.comment.create({ data: { changeRequestId: id, authorId: userId, body: comment, createdAt: now } });
      await appendAudit(tx, actor, [{ action: "change.rejected", targetType: "changeRequest", targetId: id, targetName: label(cr.number), changeRequestId: id, after: { comment } }], now);
      await enqueueWebhookEvent(tx, "change.rejected", { number: cr.number, title: cr.title, by: actor.label, comment }, now);
      return { status: "rejected" };
    }

    await tx.approval.upsert({
      where: { changeRequestId_userId: { changeRequestId: id, userId } },
      create: { changeRequestId: id, userId, decision, comment, createdAt: now },
      update: { decision, comment, createdAt: now },
    });
    if (comment) await tx.comment.create({ data: { changeRequestId: id, authorId: userId, body: comment, createdAt: now } });
    const action = decision === "approve" ? "change.approved" : "change.changes_requested";
    await appendAudit(tx, actor, [{ action, targetType: "changeRequest", targetId: id, targetName: label(cr.number), changeRequestId: id, after: { decision, comment } }], now);

    const status = decision === "approve" && (await approvalsSatisfied(tx, id)) ? "approved" : "open";
    if (status === "approved") {
      await tx.changeRequest.update({ where: { id }, data: { status } });
      await enqueueWebhookEvent(tx, "change.approved", { number: cr.number, title: cr.title, risk: cr.risk }, now);
    }
    return { status };
  });
}

/** Whether the request's recorded approvals meet the requirement stored when it was opened. */
export async function approvalsSatisfied(tx: Tx, id: string): Promise<boolean> {
  const cr = await load(tx, id);
  const reach = parseReach(cr.reach);
  if (!reach) return false;
  const approvers = cr.approvals.filter((a) => a.decision === "approve" && a.userId !== cr.authorId).map((a) => a.userId);
  const owners = await tx.domainOwner.findMany({ where: { userId: { in: approvers }, domainId: { in: reach.domainIds } }, select: { userId: true } });
  const ownerIds = new Set(owners.map((o) => o.userId));
  // a change that affects no domain has no owner to ask
  const requirement = { ...reach.requirement, ownerRequired: reach.requirement.ownerRequired && reach.domainIds.length > 0 };
  return isSatisfied(requirement, { approvers: approvers.map((userId) => ({ userId, owner: ownerIds.has(userId) })) });
}

export async function cancelChange(db: Db, { actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }) {
  return transaction(db, async (tx) => {
    await lockCatalog(tx);
    const cr = await load(tx, id);
    if (cr.authorId !== actor.id && actor.role !== "admin") throw new AppError("forbidden", "only the author or an admin cancels a change request");
    if (!["open", "approved", "draft"].includes(cr.status)) throw new AppError("conflict", `${label(cr.number)} is ${cr.status}; it can no longer be cancelled`);
    await tx.changeRequest.update({ where: { id }, data: { status: "cancelled", closedAt: now } });
    await appendAudit(tx, actor, [{ action: "change.cancelled", targetType: "changeRequest", targetId: id, targetName: label(cr.number), changeRequestId: id }], now);
    return { status: "cancelled" };
  });
}

export const commentInput = z.object({ body: text().trim().min(1, "is required").max(2000) });

export async function commentOnChange(db: Db, { actor, id, input, now = new Date() }: { actor: Actor; id: string; input: unknown; now?: Date }) {
  if (!can(actor, "change.read") || actor.kind !== "user" || !actor.id) throw new AppError("forbidden", "sign in to comment");
  const parsed = commentInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const authorId = actor.id;
  return transaction(db, async (tx) => {
    const cr = await load(tx, id);
    const comment = await tx.comment.create({ data: { changeRequestId: id, authorId, body: parsed.data.body, createdAt: now } });
    await appendAudit(tx, actor, [{ action: "change.commented", targetType: "changeRequest", targetId: id, targetName: label(cr.number), changeRequestId: id, after: { body: parsed.data.body } }], now);
    return { id: comment.id };
  });
}
