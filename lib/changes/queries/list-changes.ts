import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import type { Prisma } from "../../db/generated/sqlite/client";
import { dropEmpty } from "../../drop-empty";
import { validationError } from "../../errors";
import { listParams, pageArgs, toPage, type Page } from "../../catalog/queries/paging";
import { changeStatuses } from "../statuses";
import { text } from "../../validation/text";

export const changeListParams = listParams.omit({ sort: true }).extend({
  status: z.enum(changeStatuses).optional(),
  /** part of the author's email, or "system" for changes without a user */
  author: text().trim().max(254).optional(),
});

export type ChangeRow = {
  id: string;
  number: number;
  title: string;
  status: string;
  risk: string;
  author: string;
  operations: number;
  createdAt: Date;
  appliedAt: Date | null;
};

function authorWhere(author: string | undefined) {
  if (!author) return {};
  if (author.toLowerCase() === "system") return { authorId: null };
  return { author: { email: { contains: author.toLowerCase() } } };
}

/** Change requests, newest first; `scope` narrows them further (an inbox view, see review-count.ts). */
export async function listChanges(db: Db, raw: unknown, scope: Prisma.ChangeRequestWhereInput = {}): Promise<Page<ChangeRow>> {
  const parsed = changeListParams.safeParse(dropEmpty(raw));
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const filters = {
    ...(p.q ? { title: containsText(db)(p.q) } : {}),
    ...(p.status ? { status: p.status } : {}),
    ...authorWhere(p.author),
  };
  const where: Prisma.ChangeRequestWhereInput = Object.keys(scope).length ? { AND: [filters, scope] } : filters;
  const [rows, total] = await Promise.all([
    db.changeRequest.findMany({
      where,
      orderBy: { number: "desc" },
      ...pageArgs(p),
      select: {
        id: true,
        number: true,
        title: true,
        status: true,
        risk: true,
        createdAt: true,
        appliedAt: true,
        author: { select: { email: true } },
        _count: { select: { operations: true } },
      },
    }),
    db.changeRequest.count({ where }),
  ]);
  return toPage(
    rows.map(({ author, _count, ...r }) => ({ ...r, author: author?.email ?? "system", operations: _count.operations })),
    p.limit,
    total,
  );
}
