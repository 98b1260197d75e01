// One token-service instance for bench/read-model-delta.ts, in its own process
// (its own event loop, database client and read model, as another server
// would be): it follows the catalog (LISTEN/NOTIFY on PostgreSQL, the polled
// version on SQLite), reports every model it installs to the parent over IPC
// with a wall-clock instant, and, with PORT, serves the decision API through
// the product's machine handler. DELTAS=off makes it rebuild for every version (a baseline);
// FENCE=off answers from the model at hand without reading the committed
// version (what the product did before the fence: the cost baseline).
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { CatalogFollower } from "../../lib/access/follower";
import { createDb } from "../../lib/db/client";
import { createMachineHandler } from "../../lib/ops/machine-handler";
import { startTokenService } from "../../lib/oauth/service";

const url = process.env.DATABASE_URL!;
const db = createDb(url);
const catalog = new CatalogFollower(db, { url, deltas: process.env.DELTAS !== "off" });
// the parent may be gone (a failed run): nothing to tell then
const send = (m: unknown) => void (process.connected && process.send?.(m));
// performance.timeOrigin + now(): one clock for every process on this machine
const wall = () => performance.timeOrigin + performance.now();
catalog.onModel = (m, how) => send({ type: "model", version: m.version, how, at: wall() });

// no signing key: decisions by client need none
const unfenced = process.env.FENCE === "off";
const svc = await startTokenService({
  db,
  url,
  issuer: "https://perimeter.bench",
  keySecret: null,
  isolated: true,
  catalog,
  ...(unfenced ? { readModel: async () => catalog.current() ?? catalog.fenced() } : {}),
});
// a service given its own readModel does not follow: follow here
if (unfenced) catalog.follow({ url, local: false });
const t0 = performance.now();
await svc.readModel();
const loadMs = performance.now() - t0;

let port = 0;
if (process.env.PORT !== undefined) {
  // the product's machine handler (request context and arrival, metrics, logs; then the fast path)
  const server = http.createServer(createMachineHandler({ svc, url, root: path.resolve(import.meta.dirname, "../.."), fallback: (_req, res) => void res.writeHead(404).end() }));
  // as scripts/server.ts: idle connections outlive the load generator's pauses
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((r) => server.listen(Number(process.env.PORT), "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
}
send({ type: "ready", port, loadMs, version: catalog.current()?.version });
process.on("message", (m: { type: string }) => {
  if (m.type === "stats") send({ type: "stats", stats: catalog.stats });
});
process.on("disconnect", () => process.exit(0));
// a normal exit, so BENCH_NODE_FLAGS=--cpu-prof writes its profile
process.on("SIGTERM", () => process.exit(0));
