// Everything scripts/server.ts serves outside Next's router, in front of it:
// a request id for every request (X-Request-Id, kept when sane, else new;
// returned as a header and carried to audit events via ./request-context.ts),
// one JSON log line per request (machine endpoints' successes at debug: see
// levelOf), durations of the machine endpoints,
// /healthz, /readyz and /metrics, then the token and decision fast path
// (../oauth/http/fast-path.ts). Anything else goes to `fallback` (Next).
import type { IncomingMessage, ServerResponse } from "node:http";
import { createFastPath, fastPathRoutes } from "../oauth/http/fast-path";
import type { TokenService } from "../oauth/service";
import { readinessProbe } from "./health";
import { logger } from "./log";
import { metrics } from "./metrics";
import { nextMoment } from "./moments";
import { requestIdFrom, runInRequest, type RequestContext } from "./request-context";
import { mayScrape, scrape } from "./scrape";

export type MachineHandlerOptions = {
  svc: TokenService;
  url: string;
  /** the app's root (migrations are read from it) */
  root: string;
  /** PERIMETER_METRICS_TOKEN */
  metricsToken?: string;
  fallback: (req: IncomingMessage, res: ServerResponse) => void;
  /** extra routes served ahead of the fast path (tests, later features); true when handled */
  extra?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean;
};

const timed = new Set([...fastPathRoutes, "/readyz", "/metrics"]);

/**
 * The level of a request's log line. Probes and scrapes come every few
 * seconds, and the machine endpoints thousands of times a second (a JSON line
 * each would cost more than the answer): their successes are counted in
 * /metrics and logged at debug, their refusals at info. Failures are warnings
 * everywhere; the console's requests are info.
 */
export function levelOf(path: string, status: number): "debug" | "info" | "warn" {
  if (status >= 500) return "warn";
  if (timed.has(path) || path === "/healthz" || path.startsWith("/_next/")) return status >= 400 && timed.has(path) ? "info" : "debug";
  return "info";
}

function json(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function createMachineHandler(opts: MachineHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { svc } = opts;
  const fastPath = createFastPath(svc);
  const ready = readinessProbe({ db: svc.db, url: opts.url, root: opts.root, listenersDown: () => svc.listenersDown() });
  const log = logger();

  const ops = (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    const get = req.method === "GET" || req.method === "HEAD";
    if (path === "/healthz" && get) {
      json(res, 200, { status: "ok" });
      return true;
    }
    if (path === "/readyz" && get) {
      void ready().then(
        (r) => json(res, r.ready ? 200 : 503, { status: r.ready ? "ready" : "unavailable", failing: r.failing, checks: r.checks }),
        (e: unknown) => json(res, 503, { status: "unavailable", failing: ["probe"], checks: { probe: { ok: false, detail: String(e) } } }),
      );
      return true;
    }
    if (path === "/metrics" && get) {
      void (async () => {
        if (!(await mayScrape(svc, opts.metricsToken, req.headers.authorization))) {
          res.writeHead(401, { "www-authenticate": 'Bearer realm="perimeter-metrics"', "content-type": "application/json" });
          res.end(JSON.stringify({ error: "send PERIMETER_METRICS_TOKEN or an API token as a bearer token" }));
          return;
        }
        const { body, contentType } = await scrape(svc.db);
        res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
        res.end(body);
      })().catch((e: unknown) => {
        log.error({ err: e instanceof Error ? e.message : String(e) }, "metrics scrape failed");
        if (!res.headersSent) json(res, 500, { error: "the metrics could not be collected" });
      });
      return true;
    }
    return false;
  };

  return (req, res) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    res.setHeader("x-request-id", requestId);
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    res.once("finish", () => {
      const seconds = (performance.now() - started) / 1000;
      if (timed.has(path)) metrics().requestSeconds.observe({ endpoint: path, status: String(res.statusCode) }, seconds);
      const level = levelOf(path, res.statusCode);
      if (log.isLevelEnabled(level)) log[level]({ requestId, method: req.method, path, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10 }, "request");
    });
    // the arrival orders the request against catalog-version reads (../access/follower.ts); once the
    // response is done it is dropped, so work the request left behind (timers, batches) fences anew
    const context: RequestContext = { requestId, arrival: nextMoment(), connection: req.socket };
    res.once("close", () => {
      context.arrival = undefined;
    });
    runInRequest(context, () => {
      if (ops(req, res, path)) return;
      if (opts.extra?.(req, res, path)) return;
      if (fastPath(req, res)) return;
      opts.fallback(req, res);
    });
  };
}
