import { z } from "zod";
import { text } from "../validation/text";

export const reviewScopeKinds = ["domain", "environment"] as const;
export type ReviewScopeKind = (typeof reviewScopeKinds)[number];
export const reviewDecisions = ["confirm", "revoke"] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

export const startReviewInput = z.object({
  name: text().trim().min(3, "must be at least 3 characters").max(120),
  scopeKind: z.enum(reviewScopeKinds, { message: "choose domain or environment" }),
  /** the domain's or environment's name (or id) */
  scope: text().trim().min(1, "choose a domain or an environment").max(64),
});
export type StartReviewInput = z.input<typeof startReviewInput>;

export const decideInput = z.object({
  decision: z.enum(reviewDecisions, { message: "use confirm or revoke" }),
  comment: text().trim().max(500).default(""),
});
export type DecideInput = z.input<typeof decideInput>;
