// The process's Prometheus metrics (prom-client), on one registry kept on
// globalThis so Next's bundle and the custom server count into the same one.
// Labels are bounded: client names come from the catalog (never from an
// unauthenticated request), reasons are RFC error codes, endpoints a fixed list.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "perimeter_process_" });
  const r = [registry];
  const seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
  return {
    registry,
    tokensIssued: new Counter({ name: "perimeter_tokens_issued_total", help: "Access tokens issued, by client", labelNames: ["client"], registers: r }),
    tokenStage: new Histogram({
      name: "perimeter_token_stage_seconds",
      help: "From the start of a token's issuance (claims made) to its signature (stage sign) and to its record's commit (stage record); it is answered after both",
      labelNames: ["stage"],
      buckets: seconds,
      registers: r,
    }),
    tokensRefused: new Counter({
      name: "perimeter_tokens_refused_total",
      help: "Token requests refused, by client (\"unauthenticated\" before the client is known) and OAuth error code",
      labelNames: ["client", "reason"],
      registers: r,
    }),
    introspections: new Counter({ name: "perimeter_introspections_total", help: "Token introspections, by outcome (active, inactive, error)", labelNames: ["outcome"], registers: r }),
    decisions: new Counter({ name: "perimeter_decisions_total", help: "Access decisions, by outcome (allow, deny, error)", labelNames: ["outcome"], registers: r }),
    requestSeconds: new Histogram({
      name: "perimeter_http_request_duration_seconds",
      help: "Duration of machine endpoint requests, by endpoint and status code",
      labelNames: ["endpoint", "status"],
      buckets: seconds,
      registers: r,
    }),
    catalogLag: new Histogram({
      name: "perimeter_catalog_propagation_seconds",
      help: "From a catalog version's commit (on any instance) to this instance applying it (revocations and narrowings take effect then)",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: r,
    }),
    revocationLag: new Histogram({
      name: "perimeter_revocation_propagation_seconds",
      help: "From a token revocation committed on another instance to this instance honouring it",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: r,
    }),
    readModelVersion: new Gauge({ name: "perimeter_read_model_version", help: "Catalog version the read model has applied", registers: r }),
    readModelUpdates: new Counter({ name: "perimeter_read_model_updates_total", help: "Read model updates, by kind (delta versions applied, rebuilds)", labelNames: ["kind"], registers: r }),
    readModelSeconds: new Histogram({
      name: "perimeter_read_model_update_seconds",
      help: "Time to rebuild the read model, or to apply a run of deltas",
      labelNames: ["kind"],
      buckets: seconds,
      registers: r,
    }),
    auditBatchLag: new Histogram({
      name: "perimeter_audit_batch_lag_seconds",
      help: "Age of the oldest hot-path audit event of a group-committed batch when it committed",
      buckets: seconds,
      registers: r,
    }),
    auditBatchSize: new Histogram({ name: "perimeter_audit_batch_size", help: "Entries per group-committed audit batch", buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500], registers: r }),
    changeRequests: new Gauge({ name: "perimeter_change_requests", help: "Change requests, by status (read from the database at scrape time)", labelNames: ["status"], registers: r }),
    auditHead: new Gauge({ name: "perimeter_audit_sequence", help: "Sequence number of the audit chain head", registers: r }),
    alerts: new Counter({ name: "perimeter_alerts_total", help: "Alerts raised, by kind", labelNames: ["kind"], registers: r }),
  };
}

export type Metrics = ReturnType<typeof create>;
const key = Symbol.for("perimeter.ops.metrics");

export function metrics(): Metrics {
  const g = globalThis as unknown as Record<symbol, Metrics | undefined>;
  return (g[key] ??= create());
}

/** Seconds since `at` (a Date, epoch ms, or a database timestamp string), or null when it cannot be read. */
export function secondsSince(at: unknown, now = Date.now()): number | null {
  let ms: number;
  if (at instanceof Date) ms = at.getTime();
  else if (typeof at === "number" || typeof at === "bigint") ms = Number(at);
  else if (typeof at === "string") {
    // SQLite's CURRENT_TIMESTAMP has no zone: it is UTC
    ms = /^\d+$/.test(at) ? Number(at) : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(at) ? at : `${at.replace(" ", "T")}Z`);
  } else return null;
  return Number.isFinite(ms) ? Math.max(0, (now - ms) / 1000) : null;
}
