"use server";
// The console's write actions. Every form builds a change request's
// operations and opens it here (applied at once when the approval rules need
// no review); reviewers approve, apply, reject, revert and comment here.
import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/action";
import { applyChangeRequest } from "@/lib/changes/workflow/apply-change";
import { openChange } from "@/lib/changes/workflow/open-change";
import { previewChange } from "@/lib/changes/workflow/preview-change";
import { reviewEmergency } from "@/lib/changes/workflow/emergency-review";
import { revertChange } from "@/lib/changes/workflow/revert-change";
import { cancelChange, commentOnChange, reviewChange } from "@/lib/changes/workflow/review";
import { revealSecrets } from "@/lib/changes/workflow/secret-delivery";
import { db } from "@/lib/db/client";

const refresh = () => revalidatePath("/", "layout");

export const submitChangeAction = guardedAction("change.create", async (actor, input: unknown) => {
  const result = await openChange(db(), { actor, input });
  refresh();
  return result;
});

export const previewChangeAction = guardedAction("change.create", async (actor, input: unknown) => previewChange(db(), { actor, input }));

export const reviewChangeAction = guardedAction("change.approve", async (actor, input: { id: string; decision: string; comment?: string }) => {
  const result = await reviewChange(db(), { actor, id: input.id, input });
  refresh();
  return result;
});

export const applyChangeAction = guardedAction("change.create", async (actor, id: string) => {
  const result = await applyChangeRequest(db(), { actor, id });
  refresh();
  return result;
});

export const cancelChangeAction = guardedAction("change.create", async (actor, id: string) => {
  const result = await cancelChange(db(), { actor, id });
  refresh();
  return result;
});

export const revertChangeAction = guardedAction("change.create", async (actor, input: { id: string; reason?: string }) => {
  const result = await revertChange(db(), { actor, id: input.id, reason: input.reason });
  refresh();
  return result;
});

export const reviewEmergencyAction = guardedAction("change.approve", async (actor, input: { id: string; decision: string; comment?: string }) => {
  const result = await reviewEmergency(db(), { actor, id: input.id, input });
  refresh();
  return result;
});

export const commentAction = guardedAction("change.read", async (actor, input: { id: string; body: string }) => {
  const result = await commentOnChange(db(), { actor, id: input.id, input });
  refresh();
  return result;
});

/** The author's new credential secrets, shown once (sealed for them when someone else applied). */
export const revealSecretsAction = guardedAction("change.read", async (actor, changeRequestId: string) => revealSecrets(db(), { actor, changeRequestId }));
