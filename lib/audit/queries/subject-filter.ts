// The audit trail's client and profile filters: "everything that concerns
// client X" read through the subject index (AuditSubject, see ../subjects),
// which lists each subject's events by sequence number.
import type { Db } from "../../db/client";
import type { SubjectKind } from "../subjects";

export type Subject = { kind: SubjectKind; id: string };

/**
 * A filter value (a name or an id) as the subject's id: the current client or
 * profile of that name, else of that id, then the last one deleted under that name (its deletion
 * event names it). A value that names nothing is kept as an id: a deleted
 * object's id still finds its events, anything else finds none.
 */
async function subjectId(db: Db, kind: SubjectKind, value: string): Promise<string> {
  // by name first (what people type and the console links use), then by id: never one or the other at random
  const find = (where: { name: string } | { id: string }) =>
    kind === "client" ? db.client.findUnique({ where, select: { id: true } }) : db.profile.findUnique({ where, select: { id: true } });
  const current = (await find({ name: value })) ?? (await find({ id: value }));
  if (current) return current.id;
  const deleted = await db.auditEvent.findFirst({ where: { action: `${kind}.deleted`, targetName: value }, orderBy: { seq: "desc" }, select: { targetId: true } });
  return deleted?.targetId ?? value;
}

export async function resolveSubjects(db: Db, p: { client?: string; profile?: string }): Promise<Subject[]> {
  const subjects: Subject[] = [];
  if (p.client) subjects.push({ kind: "client", id: await subjectId(db, "client", p.client) });
  if (p.profile) subjects.push({ kind: "profile", id: await subjectId(db, "profile", p.profile) });
  return subjects;
}

export type SeqRange = { gt?: number; gte?: number; lt?: number; lte?: number };

/** Sequence numbers per query at most: Prisma binds at most 999 values per SQLite query, and these go into `IN (…)`. */
export const MAX_SEQS_PER_QUERY = 500;

/**
 * One batch of candidate sequence numbers: up to `take` (at most
 * MAX_SEQS_PER_QUERY) entries of the first subject's index within `range`,
 * in `order`, kept when every other subject's index has them too. `last` is
 * the last entry read (the next batch starts past it); `done` says the index
 * has nothing further in that direction.
 */
export async function subjectSeqs(
  db: Db,
  subjects: Subject[],
  range: SeqRange,
  order: "asc" | "desc",
  take: number,
): Promise<{ seqs: number[]; last: number | undefined; done: boolean }> {
  const [lead, ...others] = subjects;
  if (!lead) throw new Error("subjectSeqs needs a subject");
  const n = Math.min(take, MAX_SEQS_PER_QUERY);
  const rows = await db.auditSubject.findMany({ where: { kind: lead.kind, subjectId: lead.id, seq: range }, orderBy: { seq: order }, take: n, select: { seq: true } });
  let seqs = rows.map((r) => r.seq);
  for (const s of others) {
    if (!seqs.length) break;
    const also = await db.auditSubject.findMany({ where: { kind: s.kind, subjectId: s.id, seq: { in: seqs } }, select: { seq: true } });
    const kept = new Set(also.map((r) => r.seq));
    seqs = seqs.filter((q) => kept.has(q));
  }
  return { seqs, last: rows.at(-1)?.seq, done: rows.length < n };
}

/**
 * A newest-first page of the events that concern every subject, with seq in
 * [lo, upper) (no upper: up to the newest): candidates come from the index
 * `batch` at a time and `fetch` keeps those matching the other filters (at
 * most `take`, newest first). When the budget runs out before the page is
 * full, `searchedFrom` says how far back it searched (the cursor to go on from).
 */
export async function pageBySubjects<R>(
  db: Db,
  subjects: Subject[],
  o: { lo: number; upper: number | undefined; limit: number; batch: number; budgetMs: number },
  fetch: (seqs: number[], take: number) => Promise<R[]>,
): Promise<{ rows: R[]; searchedFrom?: number }> {
  const rows: R[] = [];
  const started = performance.now();
  let upper = o.upper;
  for (;;) {
    const { seqs, last, done } = await subjectSeqs(db, subjects, { gte: o.lo, ...(upper === undefined ? {} : { lt: upper }) }, "desc", o.batch);
    if (seqs.length) rows.push(...(await fetch(seqs, o.limit + 1 - rows.length)));
    if (rows.length > o.limit || done || last === undefined) return { rows };
    upper = last;
    if (performance.now() - started >= o.budgetMs) return { rows, searchedFrom: upper };
  }
}
