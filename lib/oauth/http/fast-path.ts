// The machine endpoints on plain node:http, ahead of Next's router in the
// custom server (scripts/server.ts): /.well-known/oauth-authorization-server,
// /oauth/{jwks,token,introspect,revoke} and /api/v1/decisions. A Next route
// handler reaches ~3.4% of bare Node here, a plain handler in the same process
// ~82% (../shared/BENCH.md); these endpoints exist only here, never as route
// handlers. Framework-agnostic: it parses bodies and headers itself and
// answers JSON.
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleDecisions, type HttpAnswer } from "../../decisions/decide";
import { introspect, metadata, revoke } from "../endpoints";
import { OAuthError, oauthErrorBody } from "../errors";
import type { TokenService } from "../service";
import { clientAddress } from "../../rate-limit/client-address";
import { unstorable } from "../../validation/text";
import { handleTokenRequest } from "../token-endpoint";
import { logger } from "../../ops/log";
import { metrics } from "../../ops/metrics";
import { currentRequestId } from "../../ops/request-context";

const logError = (what: string, e: unknown) => logger().error({ requestId: currentRequestId(), err: e instanceof Error ? e.message : String(e) }, what);

/** The paths this module serves (metrics label request durations by them). */
export const fastPathRoutes = ["/.well-known/oauth-authorization-server", "/oauth/jwks", "/oauth/token", "/oauth/introspect", "/oauth/revoke", "/api/v1/decisions"];

function countDecisions(answer: HttpAnswer) {
  const m = metrics().decisions;
  if (answer.status !== 200) return m.inc({ outcome: "error" });
  const body = answer.body as { decision?: string; results?: { decision: string }[] };
  if (body.results) for (const r of body.results) m.inc({ outcome: r.decision });
  else if (body.decision) m.inc({ outcome: body.decision });
}

const MAX_BODY = 64 * 1024;
const noStore = { "cache-control": "no-store", pragma: "no-cache" };

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Past this much, an oversized body is cut off instead of drained (the client then sees a reset, not the 413).
 * 4 MiB, so a client that sends a few megabytes by mistake (e2e/api/hostile.spec.ts sends 2 MB) still reads the 413.
 */
const DRAIN_LIMIT = 4 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      // over the limit: keep reading and dropping, so the client is still listening for the 413
      if (size <= MAX_BODY) chunks.push(c);
      else if (size > DRAIN_LIMIT) {
        // destroy() emits neither end nor error: settle first, so the handler answers (or logs)
        reject(new BodyError(413, `the request body exceeds ${MAX_BODY} bytes`));
        req.destroy();
      }
    });
    req.on("end", () => {
      if (size > MAX_BODY) reject(new BodyError(413, `the request body exceeds ${MAX_BODY} bytes`));
      else resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const flat: string[] = ["content-length", String(Buffer.byteLength(text))];
  if (!headers?.["content-type"]) flat.push("content-type", "application/json");
  if (headers) for (const k in headers) flat.push(k, headers[k]!);
  res.writeHead(status, flat);
  res.end(text);
}

function sendOAuthError(res: ServerResponse, e: OAuthError) {
  send(res, e.status, oauthErrorBody(e), { ...noStore, ...e.headers });
}

const isForm = (req: IncomingMessage) => /^application\/x-www-form-urlencoded\b/i.test(req.headers["content-type"] ?? "");

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  if (!isForm(req)) throw new OAuthError("invalid_request", "send the parameters as application/x-www-form-urlencoded");
  const form = new URLSearchParams(await readBody(req));
  // strings the database cannot store are refused at the edge, naming the parameter
  for (const [name, value] of form) {
    const why = unstorable(name) ?? unstorable(value);
    if (why) throw new OAuthError("invalid_request", `${unstorable(name) ? "a parameter name" : name} ${why}`);
  }
  return form;
}

type Route = { methods: string[]; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> };

export function createFastPath(svc: TokenService): (req: IncomingMessage, res: ServerResponse) => boolean {
  const meta = JSON.stringify(metadata(svc));

  const oauthRoute = (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Route["handle"] => async (req, res) => {
    try {
      await handler(req, res);
    } catch (e) {
      if (e instanceof OAuthError) return sendOAuthError(res, e);
      if (e instanceof BodyError) return sendOAuthError(res, new OAuthError("invalid_request", e.message, { status: e.status }));
      logError("oauth endpoint error", e);
      sendOAuthError(res, new OAuthError("server_error", "the request could not be completed"));
    }
  };

  const routes: Record<string, Route> = {
    "/.well-known/oauth-authorization-server": {
      methods: ["GET", "HEAD"],
      handle: async (_req, res) => send(res, 200, meta, { "cache-control": "public, max-age=300" }),
    },
    "/oauth/jwks": {
      methods: ["GET", "HEAD"],
      handle: async (_req, res) => send(res, 200, svc.keys.jwksBody, { "content-type": "application/jwk-set+json", "cache-control": "public, max-age=60" }),
    },
    "/oauth/token": {
      methods: ["POST"],
      handle: oauthRoute(async (req, res) => {
        const form = await formOf(req);
        const body = await handleTokenRequest(svc, { form, authorization: req.headers.authorization, address: clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], svc.trustedProxies) });
        send(res, 200, body, noStore);
      }),
    },
    "/oauth/introspect": {
      methods: ["POST"],
      handle: oauthRoute(async (req, res) => {
        let answer: Awaited<ReturnType<typeof introspect>>;
        try {
          answer = await introspect(svc, req.headers.authorization, await formOf(req));
        } catch (e) {
          metrics().introspections.inc({ outcome: "error" });
          throw e;
        }
        metrics().introspections.inc({ outcome: answer.active ? "active" : "inactive" });
        send(res, 200, answer, noStore);
      }),
    },
    "/oauth/revoke": {
      methods: ["POST"],
      handle: oauthRoute(async (req, res) => {
        const form = await formOf(req);
        await revoke(svc, req.headers.authorization, form);
        send(res, 200, "{}", noStore);
      }),
    },
    "/api/v1/decisions": {
      methods: ["POST"],
      handle: async (req, res) => {
        let answer: HttpAnswer;
        try {
          if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
            answer = problem(415, "Unsupported media type", "Send the request body as application/json.", "unsupported_media_type");
          } else {
            let body: unknown;
            try {
              body = JSON.parse(await readBody(req));
            } catch (e) {
              if (e instanceof BodyError) throw e;
              body = undefined;
            }
            answer = body === undefined ? problem(400, "Invalid request", "body: must be a JSON document", "validation", [{ field: "body", message: "must be a JSON document" }]) : await handleDecisions(svc, req.headers.authorization, body);
          }
        } catch (e) {
          if (e instanceof BodyError) answer = problem(e.status, "Invalid request", e.message, "validation");
          else {
            logError("decision endpoint error", e);
            answer = problem(500, "Internal error", "The decision could not be made.", "error");
          }
        }
        countDecisions(answer);
        send(res, answer.status, answer.body, { "cache-control": "no-store", ...answer.headers });
      },
    },
  };

  return (req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const route = routes[q < 0 ? url : url.slice(0, q)];
    if (!route) return false;
    if (!route.methods.includes(req.method ?? "GET")) {
      const allow = route.methods.join(", ");
      if (route.methods.includes("POST") && url.startsWith("/oauth/")) {
        sendOAuthError(res, new OAuthError("invalid_request", `use ${allow}`, { status: 405, headers: { allow } }));
      } else send(res, 405, problem(405, "Method not allowed", `Use ${allow}.`, "method_not_allowed").body, { allow, "content-type": "application/problem+json" });
      return true;
    }
    void route.handle(req, res);
    return true;
  };
}

function problem(status: number, title: string, detail: string, code: string, errors?: { field: string; message: string }[]): HttpAnswer {
  return { status, body: { type: `https://perimeter.dev/problems/${code}`, title, status, detail, ...(errors ? { errors } : {}) }, headers: { "content-type": "application/problem+json" } };
}
