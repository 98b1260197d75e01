// How far a change request is through review, and what each viewer may do
// with it — as text and flags for the console. Pure: the server enforces the
// same rules (workflow/review.ts, apply-change.ts); the UI only mirrors them.
import type { Role } from "../auth/permissions";
import type { Requirement } from "./approval-rules";

export type ReviewerDecision = { userId: string; decision: string; owner: boolean };

export type ApprovalProgress = {
  approved: number;
  needed: number;
  /** an owner of one of `domains` must be among the approvers */
  ownerNeeded: boolean;
  ownerApproved: boolean;
  changesRequested: number;
  satisfied: boolean;
  text: string;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "payments", "payments or search", "payments, search or platform" */
export function orList(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/**
 * Progress against the requirement stored with the request. `domains` are the
 * names of the domains the change affects; a change that affects none has no
 * owner to ask (as in approvalsSatisfied).
 */
export function approvalProgress(input: {
  requirement: Requirement;
  decisions: ReviewerDecision[];
  authorId: string | null;
  domains: string[];
}): ApprovalProgress {
  const { requirement, decisions, authorId, domains } = input;
  const approvers = decisions.filter((d) => d.decision === "approve" && d.userId !== authorId);
  const changesRequested = decisions.filter((d) => d.decision === "request_changes").length;
  if (requirement.autoApply) {
    return {
      approved: approvers.length,
      needed: 0,
      ownerNeeded: false,
      ownerApproved: false,
      changesRequested,
      satisfied: true,
      text: "No review needed: the approval rules apply low-risk changes outside protected environments at once",
    };
  }
  const needed = requirement.approvals;
  const ownerNeeded = requirement.ownerRequired && domains.length > 0;
  const ownerApproved = approvers.some((a) => a.owner);
  const satisfied = approvers.length >= needed && (!ownerNeeded || ownerApproved);
  const parts = [`${approvers.length} of ${plural(needed, "approval")}`];
  if (ownerNeeded) parts.push(ownerApproved ? `an owner of ${orList(domains)} approved` : `needs an owner of ${orList(domains)}`);
  if (changesRequested) parts.push(`changes requested by ${plural(changesRequested, "reviewer")}`);
  return { approved: approvers.length, needed, ownerNeeded, ownerApproved, changesRequested, satisfied, text: parts.join("; ") };
}

/** "3 clients gain 5 grants, 1 client loses 2 grants" — the headline of a reach delta. */
export function reachSummary(r: { clientsGaining: number; clientsLosing: number; totalGained: number; totalLost: number }): string {
  if (!r.totalGained && !r.totalLost) return "No client's access changes";
  const parts: string[] = [];
  if (r.totalGained) parts.push(`${plural(r.clientsGaining, "client")} ${r.clientsGaining === 1 ? "gains" : "gain"} ${plural(r.totalGained, "grant")}`);
  if (r.totalLost) parts.push(`${plural(r.clientsLosing, "client")} ${r.clientsLosing === 1 ? "loses" : "lose"} ${plural(r.totalLost, "grant")}`);
  if (!r.totalLost) parts.push("none lose");
  else if (!r.totalGained) parts.unshift("no client gains access");
  return parts.join(", ");
}

export type ReviewViewer = { id: string | null; role: Role } | null;

export type ReviewAbilities = {
  /** approve / request changes / reject */
  review: boolean;
  /** the viewer wrote this open request: show why there is no approve button */
  ownRequest: boolean;
  /** the viewer already approved it */
  approvedByViewer: boolean;
  apply: boolean;
  cancel: boolean;
  revert: boolean;
  comment: boolean;
};

const reviewers: Role[] = ["approver", "admin"];
const creators: Role[] = ["editor", "approver", "admin"];

/** Which review controls a viewer gets on a request in a given state. */
export function reviewAbilities(input: {
  viewer: ReviewViewer;
  status: string;
  authorId: string | null;
  decisions: { userId: string; decision: string }[];
}): ReviewAbilities {
  const { viewer, status, authorId } = input;
  const none: ReviewAbilities = { review: false, ownRequest: false, approvedByViewer: false, apply: false, cancel: false, revert: false, comment: false };
  if (!viewer?.id) return none;
  const isAuthor = authorId !== null && authorId === viewer.id;
  const isReviewer = reviewers.includes(viewer.role);
  return {
    review: status === "open" && isReviewer && !isAuthor,
    ownRequest: status === "open" && isAuthor,
    approvedByViewer: input.decisions.some((d) => d.userId === viewer.id && d.decision === "approve"),
    apply: status === "approved" && creators.includes(viewer.role) && (isAuthor || isReviewer),
    cancel: (status === "open" || status === "approved") && (isAuthor || viewer.role === "admin"),
    revert: status === "applied" && creators.includes(viewer.role),
    comment: true,
  };
}
