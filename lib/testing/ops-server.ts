// A server process for the operations tests: the same machine handler as
// scripts/server.ts (request ids, logs, /healthz, /readyz, /metrics, the fast
// path; ../ops/machine-handler.ts) without Next, which the tests do not need
// and which needs a production build. Env: DATABASE_URL, PERIMETER_KEY_SECRET,
// PERIMETER_METRICS_TOKEN (optional), PERIMETER_LOG_LEVEL (default info),
// LISTEN_PORT (default: any free port).
// Prints "listening <port>" once it serves; logs JSON lines to stdout.
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createDb } from "../db/client";
import { createLogger, setLogger } from "../ops/log";
import { createMachineHandler } from "../ops/machine-handler";
import { startTokenService } from "../oauth/service";

const url = process.env.DATABASE_URL!;
setLogger(createLogger({ level: process.env.PERIMETER_LOG_LEVEL ?? "info" }));
const svc = await startTokenService({
  db: createDb(url),
  url,
  issuer: "https://perimeter.test",
  keySecret: process.env.PERIMETER_KEY_SECRET!,
  ratePerAddress: 1_000_000,
  ratePerClient: 1_000_000,
});
const handler = createMachineHandler({
  svc,
  url,
  root: path.resolve(import.meta.dirname, "../.."),
  metricsToken: process.env.PERIMETER_METRICS_TOKEN,
  fallback: (_req, res) => void res.writeHead(404).end(),
});
const server = http.createServer(handler);
server.listen(Number(process.env.LISTEN_PORT ?? 0), "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on("SIGTERM", () => void svc.stop().finally(() => process.exit(0)));
