"use server";
import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/manage-api-tokens";
import { guardedAction } from "@/lib/auth/action";
import { updateAlertRules } from "@/lib/alerts/update-alert-rules";
import { updateApprovalRules } from "@/lib/changes/update-approval-rules";
import { db } from "@/lib/db/client";
import { updateUser } from "@/lib/users/update-user";
import { createWebhookEndpoint, deleteWebhookEndpoint, updateWebhookEndpoint } from "@/lib/webhooks/manage-endpoints";

export const createApiTokenAction = guardedAction("apiToken.manage", async (actor, input: unknown) => {
  const created = await createApiToken(db(), { actor, input });
  revalidatePath("/settings");
  return created;
});

export const revokeApiTokenAction = guardedAction("apiToken.manage", async (actor, id: string) => {
  const revoked = await revokeApiToken(db(), { actor, id });
  revalidatePath("/settings");
  return revoked;
});

export const updateUserAction = guardedAction("user.manage", async (actor, input: unknown) => {
  const user = await updateUser(db(), { actor, input });
  revalidatePath("/settings");
  return user;
});

export const createWebhookAction = guardedAction("settings.manage", async (actor, input: unknown) => {
  const created = await createWebhookEndpoint(db(), { actor, input });
  revalidatePath("/settings");
  return created;
});

export const updateWebhookAction = guardedAction("settings.manage", async (actor, input: unknown) => {
  const updated = await updateWebhookEndpoint(db(), { actor, input });
  revalidatePath("/settings");
  return updated;
});

export const deleteWebhookAction = guardedAction("settings.manage", async (actor, id: string) => {
  const deleted = await deleteWebhookEndpoint(db(), { actor, id });
  revalidatePath("/settings");
  return deleted;
});

export const updateApprovalRulesAction = guardedAction("settings.manage", async (actor, input: unknown) => {
  const rules = await updateApprovalRules(db(), { actor, input });
  revalidatePath("/settings");
  return rules;
});

export const updateAlertRulesAction = guardedAction("settings.manage", async (actor, input: unknown) => {
  const rules = await updateAlertRules(db(), { actor, input });
  revalidatePath("/settings");
  return rules;
});
