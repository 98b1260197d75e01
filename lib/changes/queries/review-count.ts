// The change inbox: which requests need the signed-in user's review, which
// they wrote, and how many of each (the tabs on /changes and the sidebar badge).
import type { Prisma } from "../../db/generated/sqlite/client";
import { can, type Actor } from "../../auth/permissions";
import type { Db } from "../../db/client";

export const inboxViews = ["review", "emergency", "mine", "all"] as const;
export type InboxView = (typeof inboxViews)[number];

export function inboxView(value: unknown): InboxView {
  return typeof value === "string" && (inboxViews as readonly string[]).includes(value) ? (value as InboxView) : "all";
}

type Viewer = Pick<Actor, "id" | "role"> | null | undefined;

/** Open, written by someone else (or by the system), not yet approved by this user. */
function needsReviewWhere(userId: string): Prisma.ChangeRequestWhereInput {
  return {
    status: "open",
    OR: [{ authorId: null }, { authorId: { not: userId } }],
    approvals: { none: { userId, decision: "approve" } },
  };
}

/** Emergency changes applied first and still waiting for their after-the-fact review (everyone sees the queue). */
export const postReviewWhere: Prisma.ChangeRequestWhereInput = { emergency: true, reviewDue: true };

/**
 * The filter of an inbox view for a viewer. "review" matches nothing for
 * users who may not approve; "review" and "mine" match nothing without a user.
 */
export function inboxWhere(view: InboxView, viewer: Viewer): Prisma.ChangeRequestWhereInput {
  if (view === "all") return {};
  if (view === "emergency") return postReviewWhere;
  const userId = viewer?.id;
  if (!userId) return { id: { in: [] } };
  if (view === "mine") return { authorId: userId };
  return can(viewer as Actor, "change.approve") ? needsReviewWhere(userId) : { id: { in: [] } };
}

/** How many change requests need this user's review; 0 for those who do not approve. */
export async function reviewCount(db: Db, viewer: Viewer): Promise<number> {
  if (!viewer?.id || !can(viewer as Actor, "change.approve")) return 0;
  return db.changeRequest.count({ where: needsReviewWhere(viewer.id) });
}

/** The counts shown in the inbox tabs. */
export async function inboxCounts(db: Db, viewer: Viewer): Promise<Record<InboxView, number>> {
  const [review, emergency, mine, all] = await Promise.all([
    reviewCount(db, viewer),
    postReviewCount(db),
    viewer?.id ? db.changeRequest.count({ where: inboxWhere("mine", viewer) }) : Promise.resolve(0),
    db.changeRequest.count(),
  ]);
  return { review, emergency, mine, all };
}

/** How many emergency changes wait for their after-the-fact review (the sidebar's second badge). */
export async function postReviewCount(db: Db): Promise<number> {
  return db.changeRequest.count({ where: postReviewWhere });
}
