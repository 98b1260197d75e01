// Audit exports: the list's filters, every matching event in sequence order,
// streamed in keyset batches so an export of millions of events never sits in
// memory. CSV for spreadsheets, NDJSON (one event per line) for SIEMs.
import { z } from "zod";
import type { Db } from "../db/client";
import { dropEmpty } from "../drop-empty";
import { validationError } from "../errors";
import { eventListParams, eventQuery, type EventFilter, type EventQuery } from "./queries/list-events";
import { subjectSeqs } from "./queries/subject-filter";

export const EXPORT_BATCH = 2_000;

export const exportFormats = ["csv", "ndjson"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportParams = eventListParams.omit({ before: true, limit: true }).extend({
  format: z.enum(exportFormats, { message: "use csv or ndjson" }).default("ndjson"),
  /** only events with a larger sequence number */
  after: z.coerce.number().int().min(0).optional(),
});

/** One exported event: the stored row, with the change request's number and parsed snapshots. */
export type ExportedEvent = {
  seq: number;
  at: string;
  actorId: string | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  targetName: string;
  changeRequestId: string | null;
  changeRequest: number | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
};

export const csvColumns = [
  "seq",
  "at",
  "actor",
  "actorId",
  "action",
  "targetType",
  "targetId",
  "targetName",
  "changeRequest",
  "before",
  "after",
  "prevHash",
  "hash",
] as const;

const parseJson = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

/**
 * The next matching events after `cursor`, ascending, and where to continue.
 * A client or profile filter reads its candidates from the subject index.
 */
async function readBatch(db: Db, { where, subjects }: EventQuery, cursor: number, batch: number, upTo: number | undefined) {
  const seq = upTo === undefined ? { gt: cursor } : { gt: cursor, lte: upTo };
  if (!subjects.length) {
    const rows = await db.auditEvent.findMany({ where: { ...where, seq }, orderBy: { seq: "asc" }, take: batch });
    return { rows, next: rows.at(-1)?.seq ?? cursor, done: rows.length < batch };
  }
  const candidates = await subjectSeqs(db, subjects, seq, "asc", batch);
  const rows = candidates.seqs.length ? await db.auditEvent.findMany({ where: { ...where, seq: { in: candidates.seqs } }, orderBy: { seq: "asc" } }) : [];
  return { rows, next: candidates.last ?? cursor, done: candidates.done };
}

/**
 * Batches of matching events with seq > after, ascending. `query` is the
 * list's filter (null: nothing can match).
 */
export async function* eventBatches(
  db: Db,
  query: EventQuery | null,
  { after = 0, batch = EXPORT_BATCH, upTo }: { after?: number; batch?: number; upTo?: number } = {},
): AsyncGenerator<ExportedEvent[]> {
  if (!query) return;
  let cursor = after;
  for (;;) {
    const { rows, next, done } = await readBatch(db, query, cursor, batch, upTo);
    cursor = next;
    if (!rows.length) {
      if (done) return;
      continue;
    }
    const ids = [...new Set(rows.flatMap((r) => (r.changeRequestId ? [r.changeRequestId] : [])))];
    const crs = ids.length ? await db.changeRequest.findMany({ where: { id: { in: ids } }, select: { id: true, number: true } }) : [];
    const numbers = new Map(crs.map((c) => [c.id, c.number]));
    yield rows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actor: r.actorLabel,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      targetName: r.targetName,
      changeRequestId: r.changeRequestId,
      changeRequest: r.changeRequestId ? (numbers.get(r.changeRequestId) ?? null) : null,
      before: parseJson(r.before),
      after: parseJson(r.after),
      prevHash: r.prevHash,
      hash: r.hash,
    }));
    if (done) return;
  }
}

/** A CSV cell (RFC 4180), with text that a spreadsheet would run as a formula defused by a leading quote. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = typeof value === "string" ? value : typeof value === "number" ? String(value) : JSON.stringify(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = `${csvColumns.join(",")}\r\n`;

export function csvLine(e: ExportedEvent): string {
  return `${csvColumns.map((c) => csvCell(e[c])).join(",")}\r\n`;
}

export const ndjsonLine = (e: ExportedEvent): string => `${JSON.stringify(e)}\n`;

export type ExportStream = { stream: ReadableStream<Uint8Array>; contentType: string; filename: string };

/** Parses export parameters (the list's filters plus format and after). */
export function parseExportParams(raw: unknown): z.output<typeof exportParams> {
  const parsed = exportParams.safeParse(dropEmpty(raw));
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

/** A pull-driven byte stream over async chunks of text: one batch is read per pull. */
export function textStream(chunks: AsyncGenerator<string>, onCancel?: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      onCancel?.();
      await chunks.return(undefined);
    },
  });
}

/** "client-ci-orders-" for a file name: a filter value reduced to safe characters. */
const fileLabel = (kind: string, value: string | undefined) => (value ? `${kind}-${value.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 64)}-` : "");

/**
 * The export of every event matching the filter. The chain head is read first,
 * so events appended while exporting are not part of it (the export is a
 * consistent prefix of the trail).
 */
export async function exportEvents(db: Db, raw: unknown, now = new Date()): Promise<ExportStream> {
  const p = parseExportParams(raw);
  const { format, after, ...filter } = p;
  const query = await eventQuery(db, filter satisfies EventFilter);
  const state = await db.catalogState.findUnique({ where: { id: 1 }, select: { auditSeq: true } });
  async function* chunks(): AsyncGenerator<string> {
    if (format === "csv") yield csvHeader;
    for await (const batch of eventBatches(db, query, { after, upTo: state?.auditSeq })) {
      yield batch.map(format === "csv" ? csvLine : ndjsonLine).join("");
    }
  }
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return {
    stream: textStream(chunks()),
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    filename: `perimeter-audit-${p.cr ? `cr-${p.cr}-` : ""}${fileLabel("client", p.client)}${fileLabel("profile", p.profile)}${stamp}.${format}`,
  };
}
