// Perimeter's process: validate configuration, migrate, seed demo data into an
// empty database, then serve the console (Next.js) on one HTTP server.
import http from "node:http";
import path from "node:path";
import next from "next";
import { PEER_ADDRESS_HEADER } from "../lib/auth/client-address";
import { db } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { providerOf } from "../lib/db/provider";
import { env, EnvError, issuerUrl, keySecret, type Env } from "../lib/env";
import { malformedPath, malformedPathProblem } from "../lib/http/malformed-path";
import { startCheckpointTimer } from "../lib/audit/checkpoints";
import { createMachineHandler } from "../lib/ops/machine-handler";
import { createLogger, logger, setLogger } from "../lib/ops/log";
import { startTokenService } from "../lib/oauth/service";
import { seedDemo } from "../lib/seed/demo";
import { startWorkflowSweeper } from "../lib/changes/workflow/sweeper";
import { startWebhookWorker } from "../lib/webhooks/deliver";

const root = path.resolve(import.meta.dirname, "..");

function config(): Env {
  try {
    return env();
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

async function main() {
  const cfg = config();
  setLogger(createLogger({ level: cfg.PERIMETER_LOG_LEVEL }));
  const dev = process.argv.includes("--dev");
  const applied = await migrate(cfg.DATABASE_URL, root);
  const log = logger();
  log.info({ provider: providerOf(cfg.DATABASE_URL), applied }, `database: ${providerOf(cfg.DATABASE_URL)}, ${applied.length ? `applied ${applied.join(", ")}` : "migrations up to date"}`);
  if (cfg.PERIMETER_SEED === "demo") {
    const { seeded } = await seedDemo(db(), { password: cfg.PERIMETER_DEMO_PASSWORD });
    if (seeded) log.info("seeded demo data (sign in as admin@perimeter.local)");
  }

  // Requests a crash left between opening and applying are applied, and temporary
  // changes whose expiry passed while the server was down are undone, now.
  startWorkflowSweeper(db());

  // The token service and decision API: a plain node:http fast path ahead of Next.
  let secret: string | null = null;
  try {
    secret = keySecret(cfg);
  } catch (e) {
    log.warn(`${e instanceof Error ? e.message : e}; /oauth/token answers 503 until then`);
  }
  const tokens = await startTokenService({
    db: db(),
    url: cfg.DATABASE_URL,
    issuer: issuerUrl(cfg),
    keySecret: secret,
    rotationHours: cfg.PERIMETER_KEY_ROTATION_HOURS,
    ratePerClient: cfg.PERIMETER_TOKEN_RATE_PER_CLIENT,
    ratePerAddress: cfg.PERIMETER_TOKEN_RATE_PER_ADDRESS,
    trustedProxies: cfg.PERIMETER_TRUSTED_PROXIES,
    redisUrl: cfg.REDIS_URL,
  });
  const app = next({ dev, dir: root, hostname: cfg.HOST, port: cfg.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  // request ids, logs, /healthz, /readyz, /metrics and the token/decision fast path, then Next
  const machine = createMachineHandler({
    svc: tokens,
    url: cfg.DATABASE_URL,
    root,
    metricsToken: cfg.PERIMETER_METRICS_TOKEN,
    fallback: (req, res) => {
      // a path Next's router would 500 on (escapes that are not UTF-8) is a 400 problem here
      if (req.url?.startsWith("/api/") && malformedPath(req.url)) {
        res.writeHead(400, { "content-type": "application/problem+json", "cache-control": "no-store" });
        return void res.end(malformedPathProblem);
      }
      // the socket's address, for the console's sign-in throttle (lib/auth/client-address.ts); never the client's say
      req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
      void handle(req, res);
    },
  });
  const server = http.createServer(machine);
  // Keep idle connections longer than clients and load balancers usually do
  // (Node's default is 5 s): a client reusing a socket the server has just
  // closed gets ECONNRESET on an otherwise fine request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(cfg.PORT, cfg.HOST, () => {
    log.info({ port: cfg.PORT, host: cfg.HOST }, `Perimeter ${dev ? "(dev) " : ""}listening on http://${cfg.HOST === "0.0.0.0" ? "localhost" : cfg.HOST}:${cfg.PORT}`);
  });
  server.once("listening", () => startWebhookWorker(db()));
  // signed audit checkpoints, published outside the database (webhooks, PERIMETER_CHECKPOINT_DIR)
  startCheckpointTimer(db(), {
    key: () => tokens.keys.signingKey(),
    issuer: issuerUrl(cfg),
    dir: cfg.PERIMETER_CHECKPOINT_DIR,
    minutes: cfg.PERIMETER_CHECKPOINT_MINUTES,
    onError: (e) => log.error({ err: e instanceof Error ? e.message : String(e) }, "audit checkpoint failed"),
  });

  const stop = () => {
    // write what the token service batches (audit events, decision counts), then close
    void tokens.stop().finally(() => server.close(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
