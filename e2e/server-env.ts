// The e2e server's port, database and environment, shared by
// playwright.config.ts (its webServer) and e2e/drills (which starts a second
// instance beside it with the same environment on another port).
const port = Number(process.env.E2E_PORT ?? 3100);
export const e2eDatabase = process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db";

// A breach drill probes every instance: on PostgreSQL, e2e/drills starts a
// second instance on the next port over the same database.
export const secondPort = port + 1;
export const multiInstance = !e2eDatabase.startsWith("file:");

/** The server's environment; e2e/drills starts its second instance with the same (another PORT). */
export function serverEnv(p = port): Record<string, string> {
  return {
    PORT: String(p),
    HOST: "127.0.0.1",
    DATABASE_URL: e2eDatabase,
    // one issuer for every instance, as behind a load balancer
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: "e2e-only-secret-e2e-only-secret-0123456789",
    PERIMETER_DEMO_PASSWORD: "perimeter-demo",
    PERIMETER_SEED: "demo",
    NEXT_TELEMETRY_DISABLED: "1",
    // low, so e2e/oauth can see a 429 without flooding the server
    PERIMETER_TOKEN_RATE_PER_CLIENT: "5",
    ...(multiInstance ? { PERIMETER_INSTANCES: `http://127.0.0.1:${port},http://127.0.0.1:${secondPort}` } : {}),
  };
}
