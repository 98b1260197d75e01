import "server-only";
// Where the graph's read model comes from: the live one (lib/access/cache.ts),
// or for time travel the catalog at a past instant replayed from the audit
// log (lib/access/history.ts). Past catalogs never change, so a few are kept.
import { getReadModel } from "../access/cache";
import { snapshotAt } from "../access/history";
import { ReadModel } from "../access/read-model";
import type { Db } from "../db/client";

/** An instant this close to now (or later) reads the live catalog. */
const LIVE_MS = 2_000;
const past = new Map<string, ReadModel>();
const KEEP = 8;

export type ModelAt = { model: ReadModel; at: Date; past: boolean };

export async function modelAt(db: Db, at?: Date): Promise<ModelAt> {
  const now = new Date();
  if (!at || at.getTime() >= now.getTime() - LIVE_MS) return { model: await getReadModel(db), at: at ?? now, past: false };
  const key = at.toISOString();
  let model = past.get(key);
  if (!model) {
    const { snapshot } = await snapshotAt(db, at);
    model = new ReadModel(snapshot, 0);
    past.set(key, model);
    if (past.size > KEEP) past.delete(past.keys().next().value!);
  }
  return { model, at, past: true };
}
