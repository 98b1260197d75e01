// Tests: a describe block's token service. A fresh test database with the
// token fixture (client svc-orders and its secret) and a passive token service
// on it, started before the block's tests and stopped and dropped after them.
import { afterAll, beforeAll } from "vitest";
import type { TokenService, TokenServiceOptions } from "../oauth/service";
import { startTokenService } from "../oauth/service";
import { createTestDatabase, type TestDatabase } from "./databases";
import { tokenFixture } from "./token-fixture";
import { testServiceOptions } from "./token-service";

export type TokenServiceSuite = { t: TestDatabase; svc: TokenService; secret: string };

/** Call in a describe block; read the fields inside its tests (they are set before the first one runs). */
export function tokenServiceSuite(provider: Parameters<typeof createTestDatabase>[0], extra: Partial<TokenServiceOptions> = {}): TokenServiceSuite {
  const suite = {} as TokenServiceSuite;
  beforeAll(async () => {
    suite.t = await createTestDatabase(provider);
    suite.secret = (await tokenFixture(suite.t.db)).secret;
    suite.svc = await startTokenService(testServiceOptions(suite.t, extra));
  });
  afterAll(async () => {
    await suite.svc?.stop();
    await suite.t?.drop();
  });
  return suite;
}
