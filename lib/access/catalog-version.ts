// The write side of read-model deltas. Called where a change bumps the catalog
// version, inside that transaction: records which change request made the
// version (so every instance can apply its operations' after-snapshots as a
// delta), NOTIFYs the version on PostgreSQL (delivered at commit), and once
// committed tells this process's read models at once — Next's copy of lib/
// and the server's each hold one, so the listeners live on globalThis.
import { afterCommit } from "../db/after-commit";
import type { Tx } from "../db/client";
import { providerOfDb } from "../db/provider";
import { noteLocalCommit } from "../ops/moments";

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

export async function recordCatalogVersion(tx: Tx, change: { version: number; changeRequestId: string; operations: number }): Promise<void> {
  await tx.catalogVersionLog.create({ data: change });
  if (providerOfDb(tx) === "postgres") await tx.$executeRawUnsafe(`SELECT pg_notify($1, $2)`, CATALOG_CHANNEL, String(change.version));
  afterCommit(tx, () => {
    noteLocalCommit();
    for (const fn of listeners()) fn(change.version);
  });
}
