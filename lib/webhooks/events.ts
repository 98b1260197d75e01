export const webhookEvents = [
  "change.opened",
  "change.approved",
  "change.applied",
  "change.rejected",
  "change.expired",
  "change.reverted",
  "change.critical",
  "change.emergency",
  "change.post_reviewed",
  "audit.checkpoint",
  "alert.raised",
] as const;

export type WebhookEvent = (typeof webhookEvents)[number];
