// A token-service process for tests that need a real process to kill: the
// token service and the fast path (../oauth/http/fast-path.ts) on node:http,
// without Next. Env: DATABASE_URL, PERIMETER_KEY_SECRET, LISTEN_PORT (default: any free
// port), REDIS_URL (optional), PERIMETER_TOKEN_RATE_PER_ADDRESS/CLIENT.
// Prints "listening <port>" once it serves.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createDb } from "../db/client";
import { createFastPath } from "../oauth/http/fast-path";
import { startTokenService } from "../oauth/service";

const url = process.env.DATABASE_URL!;
const svc = await startTokenService({
  db: createDb(url),
  url,
  issuer: "https://perimeter.test",
  keySecret: process.env.PERIMETER_KEY_SECRET!,
  ratePerAddress: Number(process.env.PERIMETER_TOKEN_RATE_PER_ADDRESS ?? 1_000_000),
  ratePerClient: Number(process.env.PERIMETER_TOKEN_RATE_PER_CLIENT ?? 1_000_000),
  redisUrl: process.env.REDIS_URL || null,
});
const fast = createFastPath(svc);
const server = http.createServer((req, res) => {
  if (!fast(req, res)) res.writeHead(404).end();
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.LISTEN_PORT ?? 0), "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on("SIGTERM", () => void svc.stop().finally(() => process.exit(0)));
