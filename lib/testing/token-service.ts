// Shared by the token-service integration tests: a read model of one test
// database (the process-wide cache serves a single database), the options a
// test's service starts with, and the HTTP Basic header of
// client_secret_basic (RFC 6749 §2.3.1: form-encoded parts).
import { ReadModel } from "../access/read-model";
import { loadSnapshot } from "../access/snapshot";
import type { TokenServiceOptions } from "../oauth/service";
import type { TestDatabase } from "./databases";

export const TEST_KEY_SECRET = "integration-secret-integration-secret-0123";

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

/** A passive token service on this test database (issuer https://perimeter.test), with the test's own options on top. */
export function testServiceOptions(t: TestDatabase, extra: Partial<TokenServiceOptions> = {}): TokenServiceOptions {
  return { db: t.db, url: t.url, issuer: "https://perimeter.test", keySecret: TEST_KEY_SECRET, readModel: modelOf(t), passive: true, ...extra };
}
