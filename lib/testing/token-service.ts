// Shared by the token-service integration tests: a read model of one test
// database (the process-wide cache serves a single database) and the HTTP
// Basic header of client_secret_basic (RFC 6749 §2.3.1: form-encoded parts).
import { ReadModel } from "../access/read-model";
import { loadSnapshot } from "../access/snapshot";
import type { TestDatabase } from "./databases";

/** The read model of this test database, rebuilt when its catalog version moves. */
export function modelOf(t: TestDatabase): () => Promise<ReadModel> {
  let cached: ReadModel | null = null;
  return async () => {
    const state = await t.db.catalogState.findUnique({ where: { id: 1 } });
    if (cached && cached.version === state?.catalogVersion) return cached;
    const { version, snapshot } = await loadSnapshot(t.db);
    cached = new ReadModel(snapshot, version);
    return cached;
  };
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
