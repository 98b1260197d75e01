// How far a change request is through review, and what each viewer may do
// with it — as text and flags for the console. Pure: the server enforces the
// same rules (workflow/review.ts, apply-change.ts); the UI only mirrors them.
import type { Role } from "../auth/permissions";
import type { Requirement } from "./approval-rules";

/** `role`, when known, is the reviewer's role now: only approvers and admins qualify. */
export type ReviewerDecision = { userId: string; decision: string; owner: boolean; role?: string; email?: string };

/** Someone who could still approve: an approver or admin other than the author, not disabled. */
export type Candidate = { userId: string; email: string; owner: boolean };

/** One requirement not met yet, and the people who can meet it. */
export type MissingRequirement = { need: string; who: string[] };

export type ApprovalProgress = {
  approved: number;
  needed: number;
  /** an owner of one of `domains` must be among the approvers */
  ownerNeeded: boolean;
  ownerApproved: boolean;
  changesRequested: number;
  satisfied: boolean;
  text: string;
  /** what is still missing, each with who can still satisfy it (empty when satisfied) */
  missing: MissingRequirement[];
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
  /** who could approve (approvers and admins, not the author); with it, `missing` names them */
  candidates?: Candidate[];
}): ApprovalProgress {
  const { requirement, decisions, authorId, domains } = input;
  // one vote per person, from people whose role still lets them approve, never the author
  const byUser = new Map<string, ReviewerDecision>();
  for (const d of decisions)
    if (d.decision === "approve" && d.userId !== authorId && (d.role === undefined || qualifying.includes(d.role as Role))) byUser.set(d.userId, d);
  const approvers = [...byUser.values()];
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
      missing: [],
    };
  }
  const needed = requirement.approvals;
  const ownerNeeded = requirement.ownerRequired && domains.length > 0;
  const ownerApproved = approvers.some((a) => a.owner);
  const satisfied = approvers.length >= needed && (!ownerNeeded || ownerApproved);
  // never "3 of 2": the count is capped at what is needed; extra approvals are said apart
  const counted = Math.min(approvers.length, needed);
  const extra = approvers.length - counted;
  const parts = [`${counted} of ${plural(needed, "approval")}${extra ? ` (${approvers.length} reviewers approved)` : ""}`];
  if (ownerNeeded) parts.push(ownerApproved ? `an owner of ${orList(domains)} approved` : `needs an owner of ${orList(domains)}`);
  if (changesRequested) parts.push(`changes requested by ${plural(changesRequested, "reviewer")}`);

  const missing: MissingRequirement[] = [];
  const open = (input.candidates ?? []).filter((c) => c.userId !== authorId && !byUser.has(c.userId));
  const ownerSlotOpen = ownerNeeded && !ownerApproved;
  // an owner's approval also counts towards the total, so the plain count only needs the rest
  const short = needed - approvers.length - (ownerSlotOpen ? 1 : 0);
  if (ownerSlotOpen) missing.push({ need: `an approval from an owner of ${orList(domains)}`, who: open.filter((c) => c.owner).map((c) => c.email).sort() });
  if (short > 0) missing.push({ need: `${plural(short, "more approval")} from an approver or admin other than the author`, who: open.map((c) => c.email).sort() });
  return { approved: counted, needed, ownerNeeded, ownerApproved, changesRequested, satisfied, text: parts.join("; "), missing };
}

const qualifying: Role[] = ["approver", "admin"];

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
