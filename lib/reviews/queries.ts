import type { Db } from "../db/client";
import { AppError } from "../errors";

export type ReviewSummary = {
  id: string;
  name: string;
  scopeKind: string;
  scopeName: string;
  status: string;
  createdBy: string;
  createdAt: Date;
  completedAt: Date | null;
  changeRequest: number | null;
  counts: { total: number; pending: number; confirm: number; revoke: number };
};

async function crNumbers(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, number>();
  const rows = await db.changeRequest.findMany({ where: { id: { in: wanted } }, select: { id: true, number: true } });
  return new Map(rows.map((r) => [r.id, r.number]));
}

/** Access reviews, open ones first, newest first. */
export async function listReviews(db: Db, { limit = 100 }: { limit?: number } = {}): Promise<ReviewSummary[]> {
  const reviews = await db.accessReview.findMany({ orderBy: [{ createdAt: "desc" }], take: limit });
  const ids = reviews.map((r) => r.id);
  const [groups, numbers] = await Promise.all([
    ids.length ? db.accessReviewItem.groupBy({ by: ["reviewId", "decision"], where: { reviewId: { in: ids } }, _count: { _all: true } }) : [],
    crNumbers(db, reviews.map((r) => r.changeRequestId)),
  ]);
  const summaries = reviews.map((r) => {
    const counts = { total: 0, pending: 0, confirm: 0, revoke: 0 };
    for (const g of groups.filter((g) => g.reviewId === r.id)) {
      counts.total += g._count._all;
      if (g.decision === "pending" || g.decision === "confirm" || g.decision === "revoke") counts[g.decision] += g._count._all;
    }
    const { changeRequestId, createdById: _by, completedBy: _cb, scopeId: _s, ...rest } = r;
    return { ...rest, changeRequest: changeRequestId ? (numbers.get(changeRequestId) ?? null) : null, counts };
  });
  return summaries.sort((a, b) => Number(a.status === "completed") - Number(b.status === "completed"));
}

export async function getReview(db: Db, id: string) {
  const review = await db.accessReview.findUnique({ where: { id }, include: { items: { orderBy: [{ clientName: "asc" }, { profileName: "asc" }] } } });
  if (!review) throw new AppError("not_found", `No access review with id ${id}`);
  const numbers = await crNumbers(db, [review.changeRequestId]);
  const counts = { total: review.items.length, pending: 0, confirm: 0, revoke: 0 };
  for (const i of review.items) if (i.decision === "pending" || i.decision === "confirm" || i.decision === "revoke") counts[i.decision]++;
  return { ...review, changeRequest: review.changeRequestId ? (numbers.get(review.changeRequestId) ?? null) : null, counts };
}

export type ReviewDetail = Awaited<ReturnType<typeof getReview>>;
