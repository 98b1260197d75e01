// Every audit action Perimeter records. Catalog changes are "<entity>.<verb>".
export const catalogEntities = [
  "domain",
  "environment",
  "resource",
  "scope",
  "profile",
  "client",
  "binding",
  "claimRule",
  "credential",
  "assertion",
] as const;

export type CatalogEntity = (typeof catalogEntities)[number];
export type CatalogVerb = "created" | "updated" | "deleted";

export type AuditAction =
  | `${CatalogEntity}.${CatalogVerb}`
  | "change.applied"
  | "change.opened"
  | "change.approved"
  | "change.changes_requested"
  | "change.rejected"
  | "change.cancelled"
  | "change.commented"
  | "change.stale"
  | "change.expired"
  | "change.reverted"
  | "change.post_reviewed"
  | "credential.secret_held"
  | "credential.secret_revealed"
  | "credential.secret_discarded"
  | "user.created"
  | "user.signed_in"
  | "user.sign_in_failed"
  | "user.sign_in_locked"
  | "user.sign_in_refused"
  | "user.signed_out"
  | "user.sessions_revoked"
  | "user.identity_linked"
  | "user.updated"
  | "apiToken.created"
  | "apiToken.revoked"
  | "settings.updated"
  | "review.started"
  | "review.decided"
  | "review.completed"
  | "webhook.created"
  | "webhook.updated"
  | "webhook.deleted"
  | "token.issued"
  | "token.revoked"
  | "decision.denied"
  | "audit.event_rejected"
  | "signingKey.rotated"
  | "trustedIssuer.created"
  | "trustedIssuer.deleted"
  | "alert.raised"
  | "drill.scheduled"
  | "drill.started"
  | "drill.contained"
  | "drill.completed"
  | "drill.cancelled"
  | "revocationPolicy.ran";
