import { z } from "zod";
import type { ReachEntry } from "../../access/reach";
import type { Db } from "../../db/client";
import type { Finding } from "../../policy/findings";
import { approvalProgress, type ApprovalProgress } from "../approval-progress";
import type { Requirement } from "../approval-rules";
import { diffSnapshots, parseSnapshot, type FieldChange, type Snapshot } from "../diff";
import { plannedAfter, readableRows, referencedIds, targetLabel, type ReadableRow } from "../readable-diff";
import { namesOf } from "./names";
import { parseReach } from "../workflow/review-data";

export type ChangeEvent = {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  targetType: string;
  targetName: string;
};

export type ChangeOperation = {
  seq: number;
  kind: string;
  entity: string;
  targetId: string;
  targetName: string;
  /** false until the operation is applied and its audit event written */
  recorded: boolean;
  changes: FieldChange[];
  /** what a reviewer reads: the target by name ("client → profile" for a binding) */
  label: string;
  /** the field changes in words, references by name; planned from the input until the operation applies */
  rows: ReadableRow[];
};

export type ChangeApproval = { userId: string; email: string; decision: string; comment: string; at: Date; owner: boolean };
export type ChangeComment = { id: string; author: string; body: string; at: Date };

/** What the request stored about its reach when it was opened; null for requests without one (seeded history). */
export type ChangeReach = {
  gained: ReachEntry[];
  lost: ReachEntry[];
  clientsGaining: number;
  clientsLosing: number;
  totalGained: number;
  totalLost: number;
  touchesProtected: boolean;
  touchesCritical: boolean;
};

export type ChangeReview = {
  requirement: Requirement;
  /** the domains the change affects, with their owners */
  domains: { id: string; name: string; owners: string[] }[];
  progress: ApprovalProgress;
};

export type ChangeDetail = {
  id: string;
  number: number;
  title: string;
  reason: string;
  status: string;
  risk: string;
  author: string;
  emergency: boolean;
  /** an emergency change waiting for its after-the-fact review */
  reviewDue: boolean;
  /** the after-the-fact review once done: confirmed | reverted, by whom, when */
  postReview: { outcome: string; by: string; at: Date | null } | null;
  createdAt: Date;
  appliedAt: Date | null;
  expiresAt: Date | null;
  closedAt: Date | null;
  authorId: string | null;
  staleReason: string | null;
  riskReasons: string[];
  findings: Finding[];
  reach: ChangeReach | null;
  review: ChangeReview | null;
  approvals: ChangeApproval[];
  comments: ChangeComment[];
  /** the request this one reverts (or undoes on expiry) */
  revertOf: { number: number; title: string; status: string } | null;
  /** requests that revert this one */
  revertedBy: { number: number; title: string; status: string }[];
  operations: ChangeOperation[];
  events: ChangeEvent[];
};

type EventRow = { seq: number; targetType: string; targetId: string; targetName: string; before: string | null; after: string | null };

/** The audit event that recorded an operation: the first unused one on the same target. */
function takeEvent(events: EventRow[], used: Set<number>, entity: string, targetId: string): EventRow | undefined {
  const e = events.find((x) => !used.has(x.seq) && x.targetType === entity && x.targetId === targetId);
  if (e) used.add(e.seq);
  return e;
}

function parseFindings(json: string): Finding[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as Finding[]) : [];
  } catch {
    return [];
  }
}

/** A change request with its operations (diffed from the audit trail) and audit events; null when unknown. */
export async function getChange(db: Db, number: unknown): Promise<ChangeDetail | null> {
  const n = z.coerce.number().int().positive().max(2_147_483_647).safeParse(number);
  if (!n.success) return null;
  const cr = await db.changeRequest.findUnique({
    where: { number: n.data },
    include: {
      author: { select: { email: true } },
      operations: { orderBy: { seq: "asc" } },
      approvals: { orderBy: { createdAt: "asc" }, include: { user: { select: { email: true, role: true } } } },
      comments: { orderBy: { createdAt: "asc" }, include: { author: { select: { email: true } } } },
    },
  });
  if (!cr) return null;
  const stored = parseReach(cr.reach);
  const [events, domains, revertOf, revertedBy] = await Promise.all([
    db.auditEvent.findMany({ where: { changeRequestId: cr.id }, orderBy: { seq: "asc" } }),
    stored?.domainIds.length
      ? db.domain.findMany({
          where: { id: { in: stored.domainIds } },
          orderBy: { name: "asc" },
          select: { id: true, name: true, owners: { select: { userId: true, user: { select: { email: true } } } } },
        })
      : Promise.resolve([]),
    cr.revertOfId ? db.changeRequest.findUnique({ where: { id: cr.revertOfId }, select: { number: true, title: true, status: true } }) : Promise.resolve(null),
    db.changeRequest.findMany({ where: { revertOfId: cr.id }, orderBy: { number: "asc" }, select: { number: true, title: true, status: true } }),
  ]);
  const ownerIds = new Set(domains.flatMap((d) => d.owners.map((o) => o.userId)));
  const approvals = cr.approvals.map((a) => ({
    userId: a.userId,
    email: a.user.email,
    decision: a.decision,
    comment: a.comment,
    at: a.createdAt,
    owner: ownerIds.has(a.userId),
  }));
  // who could still approve an open request: approvers and admins, not disabled, not the author
  const candidates =
    stored && cr.status === "open"
      ? (await db.user.findMany({ where: { role: { in: ["approver", "admin"] }, disabled: false }, select: { id: true, email: true } }))
          .filter((u) => u.id !== cr.authorId)
          .map((u) => ({ userId: u.id, email: u.email, owner: ownerIds.has(u.id) }))
      : [];
  const review: ChangeReview | null = stored
    ? {
        requirement: stored.requirement,
        domains: domains.map((d) => ({ id: d.id, name: d.name, owners: d.owners.map((o) => o.user.email).sort() })),
        progress: approvalProgress({
          requirement: stored.requirement,
          decisions: cr.approvals.map((a) => ({ userId: a.userId, decision: a.decision, owner: ownerIds.has(a.userId), role: a.user.role })),
          authorId: cr.authorId,
          domains: domains.map((d) => d.name),
          candidates,
        }),
      }
    : null;
  const used = new Set<number>();
  // recorded operations diff their audit snapshots; the others what opening stored and what they ask for
  const sides = cr.operations.map((op) => {
    const e = takeEvent(events, used, op.entity, op.targetId);
    const before: Snapshot | null = e ? parseSnapshot(e.before) : parseSnapshot(op.before);
    const after: Snapshot | null = e ? parseSnapshot(e.after) : plannedAfter(op.entity, op.kind, before, parseSnapshot(op.payload));
    return { op, e, before, after };
  });
  const names = await namesOf(db, [...sides.flatMap((s) => referencedIds(s.before, s.after)), ...sides.map((s) => s.op.targetId)]);
  // objects this request creates have no row yet: name them from their own input
  for (const s of sides) if (!names.has(s.op.targetId)) names.set(s.op.targetId, targetLabel(s.op.entity, s.op.targetId, s.before, s.after, names));
  const operations = sides.map(({ op, e, before, after }) => {
    const changes = diffSnapshots(before, after);
    return {
      seq: op.seq,
      kind: op.kind,
      entity: op.entity,
      targetId: op.targetId,
      targetName: e?.targetName ?? targetLabel(op.entity, op.targetId, before, after, names),
      recorded: !!e,
      changes: e ? changes : [],
      label: e?.targetName ?? targetLabel(op.entity, op.targetId, before, after, names),
      rows: readableRows(changes, names),
    };
  });
  return {
    id: cr.id,
    number: cr.number,
    title: cr.title,
    reason: cr.reason,
    status: cr.status,
    risk: cr.risk,
    author: cr.author?.email ?? "system",
    emergency: cr.emergency,
    reviewDue: cr.reviewDue,
    postReview: cr.postReview
      ? { outcome: cr.postReview, by: (cr.postReviewBy && (await db.user.findUnique({ where: { id: cr.postReviewBy }, select: { email: true } }))?.email) || "unknown", at: cr.postReviewAt }
      : null,
    createdAt: cr.createdAt,
    appliedAt: cr.appliedAt,
    expiresAt: cr.expiresAt,
    closedAt: cr.closedAt,
    authorId: cr.authorId,
    staleReason: cr.staleReason,
    riskReasons: stored?.riskReasons ?? [],
    findings: parseFindings(cr.findings),
    reach: stored
      ? {
          gained: stored.gained,
          lost: stored.lost,
          clientsGaining: stored.clientsGaining,
          clientsLosing: stored.clientsLosing,
          totalGained: stored.totalGained,
          totalLost: stored.totalLost,
          touchesProtected: stored.touchesProtected,
          touchesCritical: stored.touchesCritical,
        }
      : null,
    review,
    approvals,
    comments: cr.comments.map((c) => ({ id: c.id, author: c.author.email, body: c.body, at: c.createdAt })),
    revertOf,
    revertedBy,
    operations,
    events: events.map((e) => ({ seq: e.seq, at: e.at, actor: e.actorLabel, action: e.action, targetType: e.targetType, targetName: e.targetName })),
  };
}
