// The write side of read-model deltas. Called where a change bumps the catalog
// version, inside that transaction: records which change request made the
// version (so every instance can apply its operations' after-snapshots as a
// delta), NOTIFYs the version on PostgreSQL (delivered at commit; with the
// delta itself when it fits: ./catalog-notice.ts), and once
// committed tells this process's read models at once — Next's copy of lib/
// and the server's each hold one, so the listeners live on globalThis.
import { afterCommit } from "../db/after-commit";
import type { Tx } from "../db/client";
import { providerOfDb } from "../db/provider";
import { noteLocalCommit } from "../ops/moments";
import { noticePayload, type NoticeChange } from "./catalog-notice";

export const CATALOG_CHANNEL = "perimeter_catalog";

type Listener = (version: number) => void;
const key = Symbol.for("perimeter.access.localCatalogCommits");
const listeners = (): Set<Listener> => {
  const g = globalThis as unknown as Record<symbol, Set<Listener> | undefined>;
  return (g[key] ??= new Set());
};

/** Subscribes to catalog versions committed in this process; returns the unsubscribe. */
export function onLocalCatalogCommit(fn: Listener): () => void {
  listeners().add(fn);
  return () => void listeners().delete(fn);
}

/** `changes`: the version's operations in order, as stored (the notice carries them: ./catalog-notice.ts). */
export async function recordCatalogVersion(tx: Tx, change: { version: number; changeRequestId: string; changes: NoticeChange[] }): Promise<void> {
  await tx.catalogVersionLog.create({ data: { version: change.version, changeRequestId: change.changeRequestId, operations: change.changes.length } });
  if (providerOfDb(tx) === "postgres") await tx.$executeRawUnsafe(`SELECT pg_notify($1, $2)`, CATALOG_CHANNEL, noticePayload(change.version, change.changes, new Date()));
  afterCommit(tx, () => {
    noteLocalCommit();
    for (const fn of listeners()) fn(change.version);
  });
}
