import "server-only";
// The one guard for route handlers: actor (session cookie or API token) ->
// permission -> handler -> errors as problem details. It is also where
// hostile input stops: what the database cannot store (NUL, lone surrogates,
// control characters) in a query or path parameter or anywhere in a JSON
// body, bodies that are not JSON or too large, and nesting past 64 levels are
// refused here with a 4xx naming the parameter or field, before any handler
// (and so before any query) sees them.
import { actorForApiToken } from "../auth/api-tokens";
import { can, type Actor, type Permission } from "../auth/permissions";
import { getSessionActor } from "../auth/session";
import { db } from "../db/client";
import { AppError } from "../errors";
import { findUnstorable, unstorable } from "../validation/text";
import { bearerChallenge, problem, problemFromError } from "./problem";

export type RouteContext<P> = { actor: Actor; req: Request; params: P };

/** The largest JSON body any /api/v1 route takes (the Ingress import's 500 kB of YAML, escaped, fits). */
export const MAX_JSON_BODY = 1024 * 1024;

async function resolveActor(req: Request): Promise<Actor | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const [scheme, token] = header.split(" ");
    return scheme?.toLowerCase() === "bearer" && token ? actorForApiToken(db(), token) : null;
  }
  // the session cookie counts only while its ConsoleSession is live
  return getSessionActor();
}

const isJson = (req: Request) => /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(req.headers.get("content-type") ?? "");

/** The body as text, refusing it once it passes MAX_JSON_BODY bytes (declared or streamed). */
async function boundedText(req: Request): Promise<string> {
  const tooLarge = () => new AppError("too_large", `body: must be at most ${MAX_JSON_BODY} bytes`, [{ field: "body", message: `must be at most ${MAX_JSON_BODY} bytes` }]);
  if (Number(req.headers.get("content-length") ?? 0) > MAX_JSON_BODY) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JSON_BODY) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a JSON body: application/json, at most MAX_JSON_BODY bytes, a JSON
 * object, and nothing in it the database cannot store; each failure a 4xx
 * naming the body or the field.
 */
export async function jsonBody(req: Request): Promise<unknown> {
  if (!isJson(req)) throw new AppError("unsupported_media_type", "body: send the request body as application/json", [{ field: "body", message: "must be sent as application/json" }]);
  const raw = await boundedText(req);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw AppError.field("body", "must be a JSON document");
  }
  // every /api/v1 body is an object: null, a list or a scalar is refused here, naming the body
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw AppError.field("body", "must be a JSON object");
  const bad = findUnstorable(body);
  if (bad) throw AppError.field(bad.path, bad.message);
  return body;
}

/** The first query or path parameter (name or value) the database could not store. */
function unstorableParameter(req: Request, params: object): AppError | null {
  const entries: [string, unknown][] = [...new URL(req.url).searchParams, ...Object.entries(params)];
  for (const [name, value] of entries) {
    const why = unstorable(name) ?? (typeof value === "string" ? unstorable(value) : null);
    if (why) return AppError.field(unstorable(name) ? "parameter name" : name, why);
  }
  return null;
}

export function route<P = Record<string, string>>(
  permission: Permission,
  handler: (ctx: RouteContext<P>) => Promise<Response | object>,
) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      // Cookie-authenticated writes must be JSON: a cross-site HTML form cannot
      // send that without a CORS preflight, which we never grant.
      const write = req.method !== "GET" && req.method !== "HEAD";
      if (write && !req.headers.get("authorization") && !isJson(req)) {
        return problem(415, "Send the request body as application/json.", undefined, "unsupported_media_type");
      }
      const actor = await resolveActor(req);
      if (!actor) {
        const sent = !!req.headers.get("authorization");
        const detail = sent ? "The API token is not valid (unknown, revoked or expired)." : "Sign in, or send an API token as 'Authorization: Bearer pmt_api_…'.";
        return problem(401, detail, undefined, "unauthenticated", { "www-authenticate": bearerChallenge(sent) });
      }
      if (!can(actor, permission)) return problem(403, `The ${actor.role} role may not ${permission.replace(".", " ")}.`, undefined, "forbidden");
      const params = await context.params;
      const bad = unstorableParameter(req, params ?? {});
      if (bad) throw bad;
      const result = await handler({ actor, req, params });
      return result instanceof Response ? result : Response.json(result);
    } catch (e) {
      return problemFromError(e);
    }
  };
}
