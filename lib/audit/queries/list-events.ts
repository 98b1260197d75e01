import { z } from "zod";
import type { Db } from "../../db/client";
import { containsText } from "../../db/text-match";
import { dropEmpty } from "../../drop-empty";
import { validationError } from "../../errors";
import { catalogEntities } from "../actions";
import { MAX_SEQS_PER_QUERY, pageBySubjects, resolveSubjects, type Subject } from "./subject-filter";
import { text } from "../../validation/text";

export const auditTargetTypes = [...catalogEntities, "changeRequest", "user", "accessReview"] as const;

/** ISO text as a UTC instant: a date-time without an offset counts as UTC. */
const utc = (s: string) => new Date(/T/.test(s) && !/(Z|[+-]\d{2}:\d{2})$/.test(s) ? `${s}Z` : s);

const isoPattern = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;
const isoDate = text()
  .trim()
  .refine((s) => isoPattern.test(s) && !Number.isNaN(utc(s).getTime()), "use an ISO date such as 2026-11-23 or 2026-11-23T09:15:00Z");

/** A client or profile by name or id: both are single tokens of at most 64 characters. */
const subjectRef = (what: string) =>
  text()
    .trim()
    .max(64, `use a ${what} name or id (at most 64 characters)`)
    .regex(/^[^\s\p{Cc}]+$/u, `use a ${what} name or id, without spaces`);

export const eventListParams = z.object({
  /** keyset cursor: only events with a smaller sequence number */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  actor: text().trim().max(254).optional(),
  /** an exact action ("resource.created") or a prefix ending in a dot ("resource.") */
  action: text().trim().max(64).optional(),
  type: text().trim().max(64).optional(),
  cr: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: text().trim().max(100).optional(),
  client: subjectRef("client")
    .optional()
    .describe("Events that concern this client (name or id): its own, and those of its bindings, credentials, claim rules and tokens"),
  profile: subjectRef("profile")
    .optional()
    .describe("Events that concern this profile (name or id): its own (versions), and those of its bindings, claim rules and tokens"),
});
export type EventListParams = z.input<typeof eventListParams>;

export type EventRow = {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  targetName: string;
  changeRequest: number | null;
  /** the X-Request-Id of the request that made it (null outside one) */
  requestId: string | null;
};

export type EventPage = {
  items: EventRow[];
  nextBefore: number | null;
  /**
   * Set when a filter without an index stopped searching before the page was
   * full: every event from this sequence number up was searched, and
   * nextBefore continues the search further back.
   */
  searchedFrom?: number;
};

/** A client or profile filter checks the other filters on this many of its events at a time. */
export const SUBJECT_BATCH = MAX_SEQS_PER_QUERY;
/** Filters no index serves read the trail in windows of this many events, newest first. */
export const SCAN_WINDOW = 50_000;
/** and stop widening the search after this long, returning what they found with a cursor. */
export const SCAN_BUDGET_MS = 40;

const dateOnly = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
const DAY = 86_400_000;

function timeWhere(from?: string, to?: string) {
  if (!from && !to) return {};
  // a date-only `to` includes that whole day (UTC)
  const end = to ? (dateOnly(to) ? { lt: new Date(utc(to).getTime() + DAY) } : { lte: utc(to) }) : {};
  return { at: { ...(from ? { gte: utc(from) } : {}), ...end } };
}

const actionWhere = (action?: string) => (!action ? {} : action.endsWith(".") ? { action: { startsWith: action } } : { action });

export type EventFilter = Omit<z.output<typeof eventListParams>, "before" | "limit">;

function columnWhere(db: Db, p: EventFilter, changeRequestId: string | undefined) {
  const text = containsText(db);
  return {
    ...(p.actor ? { actorLabel: text(p.actor) } : {}),
    ...actionWhere(p.action),
    ...(p.type ? { targetType: p.type } : {}),
    ...(changeRequestId ? { changeRequestId } : {}),
    ...timeWhere(p.from, p.to),
    ...(p.q ? { targetName: text(p.q) } : {}),
  };
}

/**
 * A filter ready to run: the where clause on the event's columns, and the
 * clients and profiles every event must concern (read through their index,
 * never through `where`, so every reader must honour them).
 */
export type EventQuery = { where: ReturnType<typeof columnWhere>; subjects: Subject[] };

/** A filter ready to run, or null when it names a change request that does not exist. */
export async function eventQuery(db: Db, p: EventFilter): Promise<EventQuery | null> {
  let changeRequestId: string | undefined;
  if (p.cr !== undefined) {
    const cr = await db.changeRequest.findUnique({ where: { number: p.cr }, select: { id: true } });
    if (!cr) return null;
    changeRequestId = cr.id;
  }
  return { where: columnWhere(db, p, changeRequestId), subjects: await resolveSubjects(db, p) };
}

/** A change request's few events, an exact action (its index is in sequence order) or no filter read straight through an index. */
function readsThroughIndex(p: EventFilter): boolean {
  if (p.cr !== undefined) return true;
  return !p.actor && !p.q && !p.type && !p.from && !p.to && (!p.action || !p.action.endsWith("."));
}

/**
 * Events are stamped when they are appended, so their time follows their
 * sequence up to the skew between taking "now" and committing (seconds; an
 * hour is assumed). That turns a time range into a range of sequence numbers
 * through two seeks on the time index: everything at or after `from` comes
 * after the last event stamped an hour before it, and everything up to `to`
 * before the first event stamped an hour after it.
 */
export const APPEND_SKEW_MS = 3_600_000;

async function seqRange(db: Db, p: EventFilter, head: number, window: number): Promise<{ lo: number; hi: number }> {
  // a trail that fits in one window is searched whole
  if ((!p.from && !p.to) || head <= window) return { lo: 1, hi: head };
  const { at } = timeWhere(p.from, p.to) as { at: { gte?: Date; lt?: Date; lte?: Date } };
  const end = at.lt ?? at.lte;
  const [before, after] = await Promise.all([
    at.gte ? db.auditEvent.findFirst({ where: { at: { lt: new Date(at.gte.getTime() - APPEND_SKEW_MS) } }, orderBy: { at: "desc" }, select: { seq: true } }) : null,
    end ? db.auditEvent.findFirst({ where: { at: { gt: new Date(end.getTime() + APPEND_SKEW_MS) } }, orderBy: { at: "asc" }, select: { seq: true } }) : null,
  ]);
  return { lo: before ? before.seq + 1 : 1, hi: after ? after.seq - 1 : head };
}

const auditHead = async (db: Db) => (await db.catalogState.findUnique({ where: { id: 1 }, select: { auditSeq: true } }))?.auditSeq ?? 0;

/** Audit events, newest first, keyset-paged on seq. */
export async function listEvents(db: Db, raw: unknown, { window = SCAN_WINDOW, budgetMs = SCAN_BUDGET_MS, subjectBatch = SUBJECT_BATCH } = {}): Promise<EventPage> {
  const parsed = eventListParams.safeParse(dropEmpty(raw));
  if (!parsed.success) throw validationError(parsed.error.issues);
  const p = parsed.data;
  const query = await eventQuery(db, p);
  if (!query) return { items: [], nextBefore: null };
  const { where, subjects } = query;
  const select = { seq: true, at: true, actorLabel: true, action: true, targetType: true, targetId: true, targetName: true, changeRequestId: true, requestId: true } as const;
  type Row = { seq: number; at: Date; actorLabel: string; action: string; targetType: string; targetId: string; targetName: string; changeRequestId: string | null; requestId: string | null };
  let rows: Row[];
  let searchedFrom: number | undefined;
  if (subjects.length) {
    // The subject index lists the candidates, newest first; the other filters
    // are checked on them a batch at a time, within the same time budget. With
    // no other filter every candidate matches, so a page-sized batch does.
    const range = p.from || p.to ? await seqRange(db, p, await auditHead(db), window) : null;
    const upper = range ? Math.min(p.before ?? range.hi + 1, range.hi + 1) : p.before;
    const alone = subjects.length === 1 && Object.keys(where).length === 0;
    ({ rows, searchedFrom } = await pageBySubjects(
      db,
      subjects,
      { lo: range?.lo ?? 1, upper, limit: p.limit, batch: alone ? Math.min(p.limit + 1, subjectBatch) : subjectBatch, budgetMs },
      (seqs, take) => db.auditEvent.findMany({ where: { ...where, seq: { in: seqs } }, orderBy: { seq: "desc" }, take, select }),
    ));
  } else if (readsThroughIndex(p)) {
    rows = await db.auditEvent.findMany({
      where: { ...(p.before !== undefined ? { seq: { lt: p.before } } : {}), ...where },
      orderBy: { seq: "desc" },
      take: p.limit + 1,
      select,
    });
  } else {
    // Filters no index serves well (substrings; a common type, action or a wide
    // time range combined with them) may have to read most of the trail to fill
    // a page when matches are rare, so they search it in windows of sequence
    // numbers, newest first, within a time budget, and hand back a cursor.
    const { lo, hi } = await seqRange(db, p, await auditHead(db), window);
    let upper = Math.min(p.before ?? hi + 1, hi + 1);
    const started = performance.now();
    rows = [];
    while (rows.length <= p.limit && upper > lo) {
      const lower = Math.max(lo, upper - window);
      rows.push(...(await db.auditEvent.findMany({ where: { ...where, seq: { gte: lower, lt: upper } }, orderBy: { seq: "desc" }, take: p.limit + 1 - rows.length, select })));
      upper = lower;
      if (performance.now() - started >= budgetMs) break;
    }
    if (rows.length <= p.limit && upper > lo) searchedFrom = upper;
  }
  const items = rows.slice(0, p.limit);
  const ids = [...new Set(items.flatMap((e) => (e.changeRequestId ? [e.changeRequestId] : [])))];
  const crs = ids.length ? await db.changeRequest.findMany({ where: { id: { in: ids } }, select: { id: true, number: true } }) : [];
  const numbers = new Map(crs.map((c) => [c.id, c.number]));
  return {
    items: items.map(({ actorLabel, changeRequestId: crId, ...e }) => ({ ...e, actor: actorLabel, changeRequest: crId ? (numbers.get(crId) ?? null) : null })),
    nextBefore: rows.length > p.limit ? (items.at(-1)?.seq ?? null) : (searchedFrom ?? null),
    ...(searchedFrom ? { searchedFrom } : {}),
  };
}
