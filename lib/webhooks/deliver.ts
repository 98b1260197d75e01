// Sends queued webhook deliveries. A delivery is due while it is pending and
// its nextAttemptAt is unset or has passed. Each attempt is first claimed with
// a conditional update (a short lease on nextAttemptAt), so two instances never
// send the same attempt. A 2xx answer marks it delivered; anything else (other
// statuses, redirects, network errors, timeouts) counts as a failed attempt and
// schedules a retry with exponential backoff, until maxAttempts, when the
// delivery is marked failed. Deliveries of a deactivated endpoint wait until it
// is active again.
import type { Db } from "../db/client";
import { signPayload } from "./sign";

export const maxAttempts = 8;
const baseBackoffMs = 10_000;
const maxBackoffMs = 3_600_000;

/** Delay before the next attempt after `attempts` failed ones: 10 s, 20 s, 40 s, … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(baseBackoffMs * 2 ** Math.max(0, attempts - 1), maxBackoffMs);
}

export type DeliverOptions = {
  now?: Date;
  fetch?: typeof fetch;
  /** per-request timeout */
  timeoutMs?: number;
  /** most deliveries picked per run */
  batchSize?: number;
  /** requests in flight at once */
  concurrency?: number;
};

export type DeliverSummary = { attempted: number; delivered: number; retrying: number; failed: number };

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function describeError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error) {
    if (e.name === "TimeoutError" || e.name === "AbortError") return `timed out after ${timeoutMs} ms`;
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as { code?: string }).code;
      return clip(`${e.message}: ${code ? `${code} ` : ""}${cause.message}`.trim(), 500);
    }
    return clip(e.message, 500);
  }
  return clip(String(e), 500);
}

async function send(
  doFetch: typeof fetch,
  delivery: { id: string; event: string; payload: string; endpoint: { url: string; secret: string } },
  timeoutMs: number,
): Promise<Outcome> {
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const res = await doFetch(delivery.endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Perimeter-Webhooks/1",
        "perimeter-event": delivery.event,
        "perimeter-delivery": delivery.id,
        // signed when sent (not when queued), so a retry carries a fresh timestamp
        "perimeter-signature": signPayload(delivery.endpoint.secret, delivery.payload, new Date()),
      },
      body: delivery.payload,
      redirect: "manual",
      signal,
    });
    let text = "";
    try {
      text = (await res.text()).trim();
    } catch {
      // the status is what counts; an unreadable body is not a failure of its own
    }
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const detail = text ? `: ${clip(text.replace(/\s+/g, " "), 200)}` : "";
    return { ok: false, status: res.status, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}${detail}` };
  } catch (e) {
    return { ok: false, status: null, error: describeError(e, timeoutMs) };
  }
}

/** Sends every due delivery once; returns what happened. */
export async function deliverDue(db: Db, options: DeliverOptions = {}): Promise<DeliverSummary> {
  const { now = new Date(), fetch: doFetch = globalThis.fetch, timeoutMs = 10_000, batchSize = 50, concurrency = 4 } = options;
  const summary: DeliverSummary = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  const dueWhere = { status: "pending", OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] };
  const due = await db.webhookDelivery.findMany({
    where: { ...dueWhere, endpoint: { active: true } },
    orderBy: { createdAt: "asc" },
    take: batchSize,
    select: { id: true, event: true, payload: true, attempts: true, endpoint: { select: { url: true, secret: true } } },
  });
  // A lease long enough for one request: another instance sees the delivery as not due meanwhile.
  const lease = new Date(now.getTime() + timeoutMs + 30_000);

  const attempt = async (d: (typeof due)[number]) => {
    const claimed = await db.webhookDelivery.updateMany({ where: { id: d.id, attempts: d.attempts, ...dueWhere }, data: { nextAttemptAt: lease } });
    if (claimed.count !== 1) return; // another instance has it
    summary.attempted += 1;
    const outcome = await send(doFetch, d, timeoutMs);
    const attempts = d.attempts + 1;
    if (outcome.ok) {
      summary.delivered += 1;
      await db.webhookDelivery.updateMany({
        where: { id: d.id, attempts: d.attempts, status: "pending" },
        data: { status: "delivered", attempts, lastStatusCode: outcome.status, lastError: null, nextAttemptAt: null, deliveredAt: new Date() },
      });
      return;
    }
    const failed = attempts >= maxAttempts;
    if (failed) summary.failed += 1;
    else summary.retrying += 1;
    await db.webhookDelivery.updateMany({
      where: { id: d.id, attempts: d.attempts, status: "pending" },
      data: {
        status: failed ? "failed" : "pending",
        attempts,
        lastStatusCode: outcome.status,
        lastError: outcome.error,
        nextAttemptAt: failed ? null : new Date(now.getTime() + backoffMs(attempts)),
      },
    });
  };

  for (let i = 0; i < due.length; i += concurrency) {
    await Promise.all(due.slice(i, i + concurrency).map(attempt));
  }
  return summary;
}

/**
 * Runs deliverDue at once and then every `intervalMs`, never two runs at a
 * time; errors are logged, never thrown. The timer does not keep the process
 * alive. Returns a stop function.
 */
export function startWebhookWorker(db: Db, { intervalMs = 5_000, timeoutMs = 10_000 }: { intervalMs?: number; timeoutMs?: number } = {}): () => void {
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const s = await deliverDue(db, { timeoutMs });
      if (s.failed) console.warn(`webhooks: ${s.failed} deliver${s.failed === 1 ? "y" : "ies"} failed permanently after ${maxAttempts} attempts`);
    } catch (e) {
      console.error("webhook delivery run failed:", e instanceof Error ? e.message : e);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
