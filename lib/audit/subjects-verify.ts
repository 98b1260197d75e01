// Recomputes the subject index (AuditSubject, ./subjects.ts) from the trail
// and reports where the stored index differs: a row missing (an event about a
// client or profile that "everything about X" would not find) or a row the
// events do not justify. Walks the chain in batches. Token rows are purged a
// week after they expire: an event naming a purged token cannot say whose it
// was, so rows at such events are counted as unverifiable, not as mismatches.
import type { Db } from "../db/client";
import { subjectsOf, tokenJtis, type TokenOwner } from "./subjects";

export type SubjectMismatch = { seq: number; kind: string; subjectId: string; problem: "missing" | "unexpected" };
export type SubjectReport = { events: number; mismatches: number; unverifiable: number; examples: SubjectMismatch[] };

export async function verifySubjectIndex(db: Db, { batchSize = 2_000, examples = 20 } = {}): Promise<SubjectReport> {
  const report: SubjectReport = { events: 0, mismatches: 0, unverifiable: 0, examples: [] };
  const note = (m: SubjectMismatch) => {
    report.mismatches++;
    if (report.examples.length < examples) report.examples.push(m);
  };
  let after = 0;
  for (;;) {
    const events = await db.auditEvent.findMany({
      where: { seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: batchSize,
      select: { seq: true, action: true, targetType: true, targetId: true, before: true, after: true },
    });
    if (events.length === 0) break;
    const from = events[0]!.seq;
    const to = events.at(-1)!.seq;
    const jtis = [...new Set(events.flatMap((e) => tokenJtis(e)))];
    const owners = new Map<string, TokenOwner>();
    for (let i = 0; i < jtis.length; i += 500) {
      for (const t of await db.token.findMany({ where: { jti: { in: jtis.slice(i, i + 500) } }, select: { jti: true, clientId: true, profileId: true } })) owners.set(t.jti, t);
    }
    const key = (r: { seq: number; kind: string; subjectId: string }) => `${r.seq}\n${r.kind}\n${r.subjectId}`;
    const expected = new Map(events.flatMap((e) => subjectsOf(e, owners)).map((r) => [key(r), r]));
    const stored = await db.auditSubject.findMany({ where: { seq: { gte: from, lte: to } }, select: { seq: true, kind: true, subjectId: true } });
    const have = new Set(stored.map(key));
    for (const [k, r] of expected) if (!have.has(k)) note({ ...r, problem: "missing" });
    const purged = new Set(events.filter((e) => tokenJtis(e).some((j) => !owners.has(j))).map((e) => e.seq));
    for (const r of stored) {
      if (expected.has(key(r))) continue;
      if (purged.has(r.seq)) report.unverifiable++;
      else note({ ...r, problem: "unexpected" });
    }
    report.events += events.length;
    after = to;
    if (events.length < batchSize) break;
  }
  return report;
}
