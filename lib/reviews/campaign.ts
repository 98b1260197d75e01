// Access reviews: an admin starts a campaign over the bindings of a domain or
// an environment; reviewers confirm or revoke each; completing it turns the
// revocations into ONE change request (binding deletes) through the write path
// and records the completion in the audit log.
import { appendAudit } from "../audit/append";
import { can, type Actor, type Permission } from "../auth/permissions";
import { openChange, type OpenResult } from "../changes/workflow/open-change";
import { transaction, type Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { decideInput, startReviewInput } from "./schemas";

function guard(actor: Actor, permission: Permission, what: string) {
  if (!can(actor, permission)) throw new AppError("forbidden", `The ${actor.role} role may not ${what}.`);
}

const auditActor = (actor: Actor) => ({ id: actor.id, label: actor.label });

async function openReview(db: Db, id: string) {
  const review = await db.accessReview.findUnique({ where: { id } });
  if (!review) throw new AppError("not_found", `No access review with id ${id}`);
  if (review.status !== "open") throw new AppError("conflict", `The access review "${review.name}" is ${review.status}.`);
  return review;
}

/** The bindings a campaign covers: those whose profile belongs to the domain or environment, or holds a scope on one of its resources. */
function bindingsIn(kind: "domain" | "environment", id: string) {
  const own = kind === "domain" ? { domainId: id } : { environmentId: id };
  const viaScopes = { scopes: { some: { scope: { resource: kind === "domain" ? { domainId: id } : { environmentId: id } } } } };
  return { profile: { OR: [own, viaScopes] } };
}

export async function startReview(db: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }) {
  guard(actor, "review.manage", "start access reviews");
  const parsed = startReviewInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { name, scopeKind, scope } = parsed.data;
  const target =
    scopeKind === "domain"
      ? await db.domain.findFirst({ where: { OR: [{ name: scope }, { id: scope }] }, select: { id: true, name: true } })
      : await db.environment.findFirst({ where: { OR: [{ name: scope }, { id: scope }] }, select: { id: true, name: true } });
  if (!target) throw AppError.field("scope", `no ${scopeKind} named ${scope}`);
  const running = await db.accessReview.findFirst({ where: { scopeKind, scopeId: target.id, status: { not: "completed" } }, select: { name: true } });
  if (running) throw new AppError("conflict", `scope: the access review "${running.name}" over ${scopeKind} ${target.name} is still open`, [{ field: "scope", message: `"${running.name}" is still open` }]);
  const bindings = await db.binding.findMany({
    where: bindingsIn(scopeKind, target.id),
    select: { id: true, expiresAt: true, reason: true, client: { select: { id: true, name: true, kind: true } }, profile: { select: { id: true, name: true } } },
    orderBy: [{ client: { name: "asc" } }, { profile: { name: "asc" } }],
  });
  if (!bindings.length) throw AppError.field("scope", `no bindings to review in ${scopeKind} ${target.name}`);
  return transaction(db, async (tx) => {
    const review = await tx.accessReview.create({
      data: { name, scopeKind, scopeId: target.id, scopeName: target.name, createdById: actor.kind === "user" ? actor.id : null, createdBy: actor.label, createdAt: now },
    });
    await tx.accessReviewItem.createMany({
      data: bindings.map((b) => ({
        reviewId: review.id,
        bindingId: b.id,
        clientId: b.client.id,
        clientName: b.client.name,
        clientKind: b.client.kind,
        profileId: b.profile.id,
        profileName: b.profile.name,
        expiresAt: b.expiresAt,
        reason: b.reason,
      })),
    });
    await appendAudit(
      tx,
      auditActor(actor),
      [{ action: "review.started", targetType: "accessReview", targetId: review.id, targetName: name, after: { name, scope: `${scopeKind} ${target.name}`, bindings: bindings.length } }],
      now,
    );
    return { id: review.id, name, items: bindings.length };
  });
}

export async function decideItem(
  db: Db,
  { actor, reviewId, itemId, input, now = new Date() }: { actor: Actor; reviewId: string; itemId: string; input: unknown; now?: Date },
) {
  guard(actor, "review.decide", "review access");
  const parsed = decideInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const review = await openReview(db, reviewId);
  return transaction(db, async (tx) => {
    const item = await tx.accessReviewItem.findFirst({ where: { id: itemId, reviewId } });
    if (!item) throw new AppError("not_found", `No item ${itemId} in the access review "${review.name}"`);
    const updated = await tx.accessReviewItem.update({
      where: { id: itemId },
      data: { decision: parsed.data.decision, comment: parsed.data.comment, reviewerId: actor.kind === "user" ? actor.id : null, reviewer: actor.label, decidedAt: now },
    });
    await appendAudit(
      tx,
      auditActor(actor),
      [
        {
          action: "review.decided",
          targetType: "accessReview",
          targetId: review.id,
          targetName: review.name,
          before: { binding: `${item.clientName} → ${item.profileName}`, decision: item.decision },
          after: { binding: `${item.clientName} → ${item.profileName}`, decision: updated.decision, comment: updated.comment || undefined },
        },
      ],
      now,
    );
    return { id: updated.id, decision: updated.decision, reviewer: updated.reviewer, decidedAt: updated.decidedAt };
  });
}

export type CompleteResult = { id: string; confirmed: number; revoked: number; changeRequest: OpenResult["changeRequest"] | null; skipped: string[] };

export async function completeReview(db: Db, { actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }): Promise<CompleteResult> {
  guard(actor, "review.manage", "complete access reviews");
  const review = await openReview(db, id);
  const items = await db.accessReviewItem.findMany({ where: { reviewId: id }, orderBy: [{ clientName: "asc" }, { profileName: "asc" }] });
  const pending = items.filter((i) => i.decision === "pending").length;
  if (pending) throw new AppError("conflict", `${pending} of ${items.length} bindings still need a decision.`);
  // Claim the review so two concurrent completions cannot open two change requests.
  const claimed = await db.accessReview.updateMany({ where: { id, status: "open" }, data: { status: "completing" } });
  if (!claimed.count) throw new AppError("conflict", `The access review "${review.name}" is already being completed.`);
  try {
    const revoke = items.filter((i) => i.decision === "revoke");
    const live = new Set((await db.binding.findMany({ where: { id: { in: revoke.map((i) => i.bindingId) } }, select: { id: true } })).map((b) => b.id));
    const toDelete = revoke.filter((i) => live.has(i.bindingId));
    const skipped = revoke.filter((i) => !live.has(i.bindingId)).map((i) => `${i.clientName} → ${i.profileName}`);
    let changeRequest: OpenResult["changeRequest"] | null = null;
    if (toDelete.length) {
      const opened = await openChange(db, {
        actor,
        now,
        source: "review",
        input: {
          title: `Access review "${review.name}": revoke ${toDelete.length} binding${toDelete.length === 1 ? "" : "s"}`,
          reason: `Revoked in the access review of ${review.scopeKind} ${review.scopeName}: ${toDelete.map((i) => `${i.clientName} → ${i.profileName}`).join(", ")}.`,
          operations: toDelete.map((i) => ({ entity: "binding" as const, kind: "delete" as const, id: i.bindingId })),
        },
      });
      changeRequest = opened.changeRequest;
    }
    const confirmed = items.length - revoke.length;
    await transaction(db, async (tx) => {
      await tx.accessReview.update({ where: { id }, data: { status: "completed", completedAt: now, completedBy: actor.label, changeRequestId: changeRequest?.id ?? null } });
      await appendAudit(
        tx,
        auditActor(actor),
        [
          {
            action: "review.completed",
            targetType: "accessReview",
            targetId: id,
            targetName: review.name,
            changeRequestId: changeRequest?.id ?? null,
            after: { scope: `${review.scopeKind} ${review.scopeName}`, bindings: items.length, confirmed, revoked: revoke.length, changeRequest: changeRequest ? `CR-${changeRequest.number}` : null, skipped },
          },
        ],
        now,
      );
    });
    return { id, confirmed, revoked: revoke.length, changeRequest, skipped };
  } catch (e) {
    await db.accessReview.updateMany({ where: { id, status: "completing" }, data: { status: "open" } });
    throw e;
  }
}
