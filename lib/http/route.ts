import "server-only";
// The one guard for route handlers: actor (session cookie or API token) ->
// permission -> handler -> errors as problem details.
import { actorForApiToken } from "../auth/api-tokens";
import { can, type Actor, type Permission } from "../auth/permissions";
import { getSessionActor } from "../auth/session";
import { db } from "../db/client";
import { AppError } from "../errors";
import { problem, problemFromError } from "./problem";

export type RouteContext<P> = { actor: Actor; req: Request; params: P };

async function resolveActor(req: Request): Promise<Actor | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const [scheme, token] = header.split(" ");
    return scheme?.toLowerCase() === "bearer" && token ? actorForApiToken(db(), token) : null;
  }
  // the session cookie counts only while its ConsoleSession is live
  return getSessionActor();
}

/** Reads a JSON body, naming the problem when it is not JSON. */
export async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw AppError.field("body", "must be a JSON document");
  }
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
      if (write && !req.headers.get("authorization") && !req.headers.get("content-type")?.startsWith("application/json")) {
        return problem(415, "Send the request body as application/json.", undefined, "unsupported_media_type");
      }
      const actor = await resolveActor(req);
      if (!actor) return problem(401, "Sign in, or send an API token as 'Authorization: Bearer pmt_api_…'.", undefined, "unauthenticated");
      if (!can(actor, permission)) return problem(403, `The ${actor.role} role may not ${permission.replace(".", " ")}.`, undefined, "forbidden");
      const result = await handler({ actor, req, params: await context.params });
      return result instanceof Response ? result : Response.json(result);
    } catch (e) {
      return problemFromError(e);
    }
  };
}
