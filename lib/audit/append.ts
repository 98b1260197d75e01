// Appends audit events inside the caller's transaction. The CatalogState row
// is updated first, which takes a row lock on PostgreSQL (and SQLite holds the
// database write lock), so sequence numbers and the chain never fork.
// The subject index (./subjects) is written in the same transaction.
import type { Tx } from "../db/client";
import { eventHash, type ChainedFields } from "./hash";
import type { AuditAction } from "./actions";
import { recordSubjects } from "./subjects";
import { currentRequestId } from "../ops/request-context";

export type Actor = { id: string | null; label: string };

export type NewAuditEvent = {
  action: AuditAction;
  targetType: string;
  targetId?: string;
  targetName?: string;
  changeRequestId?: string | null;
  before?: unknown;
  after?: unknown;
};

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

export async function appendAudit(tx: Tx, actor: Actor, events: NewAuditEvent[], at = new Date()): Promise<number> {
  if (events.length === 0) return 0;
  const state = await tx.catalogState.update({
    where: { id: 1 },
    data: { auditSeq: { increment: events.length } },
  });
  let seq = state.auditSeq - events.length;
  let prevHash = state.auditHead;
  // the request this write serves (X-Request-Id), recorded beside the chained fields
  const requestId = currentRequestId();
  const rows = events.map((e) => {
    seq += 1;
    const fields: ChainedFields = {
      seq,
      at,
      actorId: actor.id,
      actorLabel: actor.label,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId ?? "",
      targetName: e.targetName ?? "",
      changeRequestId: e.changeRequestId ?? null,
      before: json(e.before),
      after: json(e.after),
    };
    const hash = eventHash(prevHash, fields);
    const row = { ...fields, prevHash, hash, requestId };
    prevHash = hash;
    return row;
  });
  await tx.auditEvent.createMany({ data: rows });
  // the index of which clients and profiles each event concerns, in the same transaction
  await recordSubjects(tx, rows);
  await tx.catalogState.update({ where: { id: 1 }, data: { auditHead: prevHash } });
  return seq;
}
