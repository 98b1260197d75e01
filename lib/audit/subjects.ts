// The subject index (AuditSubject): which clients and profiles each audit
// event concerns, so "everything about client X" is one index range. The
// subjects come only from the event's hashed fields, plus the owner of each
// token a jti names (a Token never changes client or profile), so the index
// can be rebuilt from the trail; the migration that introduced it backfilled
// it with the same rules in SQL.
import type { Tx } from "../db/client";

export const subjectKinds = ["client", "profile"] as const;
export type SubjectKind = (typeof subjectKinds)[number];
export type AuditSubjectRow = { kind: SubjectKind; subjectId: string; seq: number };
export type TokenOwner = { clientId: string; profileId: string };

type EventFields = { seq: number; action: string; targetType: string; targetId: string; before: string | null; after: string | null };

/** Catalog entities whose snapshots name the client and profile they belong to. */
const ownedEntities = new Set(["binding", "credential", "claimRule"]);

const isId = (v: unknown): v is string => typeof v === "string" && v !== "";

function object(json: string | null): Record<string, unknown> {
  const v: unknown = json ? JSON.parse(json) : null;
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The tokens an event is about: the one issued, the ones revoked (listed up to 20), or a revoked token as the target. */
export function tokenJtis(e: EventFields, issued?: unknown): string[] {
  const jtis = e.targetType === "token" && isId(e.targetId) ? [e.targetId] : [];
  if (e.action === "token.issued") jtis.push(...[isId(issued) ? issued : object(e.after).jti].filter(isId));
  if (e.action === "token.revoked") {
    const listed = object(e.after).jtis;
    if (Array.isArray(listed)) jtis.push(...listed.filter(isId));
  }
  return jtis;
}

/**
 * The clients and profiles one event concerns, each once. `issued`: the jti
 * in e.after, when the caller has it at hand (the token service's journal, which
 * wrote e.after), so e.after is not parsed back for it; only a non-empty string is taken.
 */
export function subjectsOf(e: EventFields, owners: ReadonlyMap<string, TokenOwner>, issued?: unknown): AuditSubjectRow[] {
  const found = new Map<string, AuditSubjectRow>();
  const add = (kind: SubjectKind, id: unknown) => {
    if (isId(id)) found.set(`${kind}\n${id}`, { kind, subjectId: id, seq: e.seq });
  };
  if (e.targetType === "client" || e.targetType === "profile") add(e.targetType, e.targetId);
  if (ownedEntities.has(e.targetType)) {
    for (const snapshot of [object(e.before), object(e.after)]) {
      add("client", snapshot.clientId);
      add("profile", snapshot.profileId);
    }
  }
  for (const jti of tokenJtis(e, issued)) {
    const owner = owners.get(jti);
    add("client", owner?.clientId);
    add("profile", owner?.profileId);
  }
  return [...found.values()];
}

/** Writes the subject rows of freshly appended events, inside their transaction. */
export async function recordSubjects(tx: Tx, events: EventFields[]): Promise<void> {
  const jtis = [...new Set(events.flatMap((e) => tokenJtis(e)))];
  const owners = new Map<string, TokenOwner>();
  for (let i = 0; i < jtis.length; i += 500) {
    const tokens = await tx.token.findMany({ where: { jti: { in: jtis.slice(i, i + 500) } }, select: { jti: true, clientId: true, profileId: true } });
    for (const t of tokens) owners.set(t.jti, t);
  }
  const rows = events.flatMap((e) => subjectsOf(e, owners));
  if (rows.length) await tx.auditSubject.createMany({ data: rows });
}
