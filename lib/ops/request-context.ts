// The request a piece of work belongs to, carried through async calls
// (AsyncLocalStorage), so what it writes (audit events, log lines) names the
// request id the client saw in X-Request-Id. One store per process, kept on
// globalThis: Next's bundle and the custom server share it.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";

/**
 * `arrival`: the request's moment (./moments.ts); what it reads of the catalog must begin after it.
 * `connection`: the connection it came on (client authentication remembers a keep-alive connection's verified secret on it).
 */
export type RequestContext = { requestId: string; arrival?: number; connection?: Socket };

const key = Symbol.for("perimeter.ops.request-context");
function store(): AsyncLocalStorage<RequestContext> {
  const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
  return (g[key] ??= new AsyncLocalStorage<RequestContext>());
}

/** A caller's X-Request-Id is kept when it is short and plain (it ends up in logs and audit events); else a new one. */
const sane = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && sane.test(v) ? v : randomUUID();
}

export function runInRequest<T>(ctx: RequestContext, fn: () => T): T {
  return store().run(ctx, fn);
}

/** The id of the request this code runs for, or null (timers, start-up, CLI). */
export function currentRequestId(): string | null {
  return store().getStore()?.requestId ?? null;
}

/** The connection the current request came on, or null (no request). */
export function currentConnection(): Socket | null {
  return store().getStore()?.connection ?? null;
}

/** The moment the current request arrived, or null (no request: every read is a new one). */
export function currentArrival(): number | null {
  return store().getStore()?.arrival ?? null;
}
