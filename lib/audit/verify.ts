// Walks the chain in sequence order and reports the first broken link. The
// chain is anchored in CatalogState (auditSeq, auditHead), which every append
// updates in the same transaction: events deleted from the end are reported
// too. The anchor is read first, so events appended while verifying (with a
// higher seq) are not part of the walk.
import type { Db } from "../db/client";
import { chainedFieldsOf, eventHash } from "./hash";

export type VerifyResult =
  | { ok: true; events: number; head: string }
  | { ok: false; events: number; brokenAt: number; reason: string };

export async function verifyAuditChain(db: Db, batchSize = 5_000): Promise<VerifyResult> {
  const anchor = await db.catalogState.findUnique({ where: { id: 1 }, select: { auditSeq: true, auditHead: true } });
  const lastSeq = anchor?.auditSeq ?? Number.MAX_SAFE_INTEGER;
  let prevHash = "";
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { seq: { gte: expectedSeq, lte: lastSeq } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, events: count, brokenAt: expectedSeq, reason: "missing event" };
      if (row.prevHash !== prevHash) return { ok: false, events: count, brokenAt: row.seq, reason: "previous hash does not match" };
      const hash = row.hash;
      if (eventHash(prevHash, chainedFieldsOf(row)) !== hash) return { ok: false, events: count, brokenAt: row.seq, reason: "content does not match its hash" };
      prevHash = hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < batchSize) break;
  }
  if (anchor) {
    if (count < anchor.auditSeq) return { ok: false, events: count, brokenAt: count + 1, reason: "missing event" };
    if (prevHash !== anchor.auditHead) {
      return { ok: false, events: count, brokenAt: count, reason: "last event does not match the recorded chain head" };
    }
  }
  return { ok: true, events: count, head: prevHash };
}
