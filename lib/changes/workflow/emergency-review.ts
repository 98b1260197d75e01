// The after-the-fact review of emergency changes. An emergency change applies
// first (admins, or an automated policy under an emergency rule it names) and
// then waits in this queue, shown on the console, blocking nothing else. A
// reviewer other than its author confirms it, or reverts it: the revert is an
// ordinary change request, reviewed like any other.
import { z } from "zod";
import { appendAudit } from "../../audit/append";
import { can, type Actor } from "../../auth/permissions";
import { transaction, type Db } from "../../db/client";
import { AppError, validationError } from "../../errors";
import { text } from "../../validation/text";
import { enqueueWebhookEvent } from "../../webhooks/enqueue";
import { lockCatalog } from "./lock";
import { revertChange } from "./revert-change";
import type { OpenResult } from "./open-change";

export const emergencyReviewInput = z.object({
  decision: z.enum(["confirm", "revert"], { message: "choose confirm or revert" }),
  comment: text().trim().max(2000).default(""),
});

export type EmergencyReviewResult = { status: "confirmed" | "reverting"; revert?: OpenResult["changeRequest"] };

export async function reviewEmergency(db: Db, { actor, id, input, now = new Date() }: { actor: Actor; id: string; input: unknown; now?: Date }): Promise<EmergencyReviewResult> {
  if (!can(actor, "change.approve") || !actor.id) throw new AppError("forbidden", "only approvers and admins review emergency changes");
  const parsed = emergencyReviewInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { decision, comment } = parsed.data;
  if (decision === "revert" && !comment) throw AppError.field("comment", "say why the emergency change is reverted");
  const reviewed = await transaction(db, async (tx) => {
    await lockCatalog(tx);
    const cr = await tx.changeRequest.findUnique({ where: { id } });
    if (!cr) throw new AppError("not_found", "no change request with this id");
    if (!cr.emergency || !cr.reviewDue) throw new AppError("conflict", `CR-${cr.number} is not waiting for an after-the-fact review`);
    if (cr.authorId === actor.id) throw new AppError("forbidden", "nobody reviews their own emergency change");
    await tx.changeRequest.update({ where: { id }, data: { reviewDue: false, postReview: decision === "confirm" ? "confirmed" : "reverted", postReviewBy: actor.id, postReviewAt: now } });
    if (comment) await tx.comment.create({ data: { changeRequestId: id, authorId: actor.id!, body: comment, createdAt: now } });
    const after = { decision, comment };
    await appendAudit(tx, actor, [{ action: "change.post_reviewed", targetType: "changeRequest", targetId: id, targetName: `CR-${cr.number}`, changeRequestId: id, after }], now);
    await enqueueWebhookEvent(tx, "change.post_reviewed", { number: cr.number, title: cr.title, by: actor.label, ...after }, now);
    return cr;
  });
  if (decision === "confirm") return { status: "confirmed" };
  const revert = await revertChange(db, { actor, id: reviewed.id, reason: comment, now });
  return { status: "reverting", revert: revert.changeRequest };
}
