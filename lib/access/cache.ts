// The process's read model: one CatalogFollower per database client, shared
// by Next's copy of lib/ and the server's (kept on globalThis). Every read is
// fenced: it answers from a model that has applied every catalog version
// committed before the call (./follower.ts), catching up by deltas.
import type { Db } from "../db/client";
import { CatalogFollower } from "./follower";
import type { ReadModel } from "./read-model";

const key = Symbol.for("perimeter.access.followers");
const followers = (): WeakMap<Db, CatalogFollower> => {
  const g = globalThis as unknown as Record<symbol, WeakMap<Db, CatalogFollower> | undefined>;
  return (g[key] ??= new WeakMap());
};

/** The process's follower of this database (its URL lets it read the version synchronously on SQLite and LISTEN on PostgreSQL). */
export function processFollower(db: Db, url?: string): CatalogFollower {
  let f = followers().get(db);
  if (!f) followers().set(db, (f = new CatalogFollower(db, { url })));
  else f.useUrl(url);
  return f;
}

/** The read model, no older than what was committed before the call. */
export function getReadModel(db: Db): Promise<ReadModel> {
  return processFollower(db).fenced();
}

/** Kept for callers that wrote and want the model at once: reads are fenced, so this only starts the catch-up early. */
export function invalidateReadModel(db?: Db): void {
  if (db) void processFollower(db).catchUp().catch(() => {});
}
