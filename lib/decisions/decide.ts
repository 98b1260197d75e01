// The decision API: { token | client, resource, action } -> allow or deny,
// with the profile and scope that allow it or the reason it is denied,
// answered from the compiled read model (and, for a token, its inspection).
// Callers authenticate with an API token (any access level). Every answer is
// counted in the decision aggregates, a denial against the scope and profile
// it concerns where the catalog can tell (./attribute.ts); a denial is
// answered only once its audit event is durable (group commit).
import type { ReadModel } from "../access/read-model";
import type { Actor } from "../auth/permissions";
import type { FieldError } from "../errors";
import { inspectAccessToken, recorded } from "../oauth/access-tokens";
import { apiTokenActor, apiTokenActorNow } from "../oauth/endpoints";
import { OAuthError } from "../oauth/errors";
import { findUnstorable } from "../validation/text";
import { indexOf } from "../oauth/model-index";
import { coveringScope } from "../oauth/scopes";
import type { TokenService } from "../oauth/service";
import { deniedProfileOfClient, deniedScopeId } from "./attribute";

export type DecisionInput = { token?: string; client?: string; resource: string; action: string };

export type DecisionAnswer = {
  decision: "allow" | "deny";
  allow: boolean;
  client: string | null;
  resource: string;
  action: string;
  profile?: { id: string; name: string; version: number };
  scope?: { id: string; name: string };
  via?: { kind: "binding" | "claimRule" | "token"; id: string };
  reason?: string;
};

export const MAX_BATCH = 100;
const actionPattern = /^(\*|[a-z][a-z0-9-]{0,31})$/;

/** One decision request, or the field errors that make it invalid (paths under `at`). */
export function parseDecision(value: unknown, at = ""): DecisionInput | FieldError[] {
  // the common, valid shape without building anything (the hot path)
  const v0 = value as Record<string, unknown> | null;
  if (v0 && typeof v0 === "object" && !Array.isArray(v0)) {
    const { client, token, resource, action } = v0;
    if (
      typeof resource === "string" &&
      resource.length > 0 &&
      resource.length <= 300 &&
      typeof action === "string" &&
      actionPattern.test(action) &&
      (typeof client === "string" && client.length > 0 && client.length <= 200 ? token === undefined : typeof token === "string" && token.length > 0 && token.length <= 16_384 && client === undefined)
    ) {
      return client !== undefined ? { client: client as string, resource, action } : { token: token as string, resource, action };
    }
  }
  return parseDecisionSlow(value, at);
}

function parseDecisionSlow(value: unknown, at: string): DecisionInput | FieldError[] {
  const f = (name: string) => (at ? `${at}.${name}` : name);
  if (!value || typeof value !== "object" || Array.isArray(value)) return [{ field: at || "body", message: "must be an object { token | client, resource, action }" }];
  const v = value as Record<string, unknown>;
  const errors: FieldError[] = [];
  const str = (name: string, max: number) => {
    const x = v[name];
    if (x === undefined) return undefined;
    if (typeof x !== "string" || x.length === 0 || x.length > max) {
      errors.push({ field: f(name), message: `must be a non-empty string of at most ${max} characters` });
      return undefined;
    }
    return x;
  };
  const token = str("token", 16_384);
  const client = str("client", 200);
  const resource = str("resource", 300);
  const action = str("action", 32);
  if ((token === undefined) === (client === undefined) && !errors.some((e) => e.field === f("token") || e.field === f("client"))) {
    errors.push({ field: f("client"), message: "give exactly one of token and client" });
  }
  if (resource === undefined && !errors.some((e) => e.field === f("resource"))) errors.push({ field: f("resource"), message: 'is required ("prod/orders-db" or a resource id)' });
  if (action === undefined && !errors.some((e) => e.field === f("action"))) errors.push({ field: f("action"), message: "is required (read, write, admin or a custom verb)" });
  else if (action !== undefined && !actionPattern.test(action)) errors.push({ field: f("action"), message: "use a lowercase verb such as read, write or admin" });
  if (errors.length) return errors;
  return { ...(token !== undefined ? { token } : { client: client! }), resource: resource!, action: action! };
}

type Evaluated = { answer: DecisionAnswer; clientId: string; profileId: string; scopeId: string };

/** A denial, counted against the profile and scope given ("" when not determinable). */
function denial(
  input: DecisionInput,
  base: { resource: string; action: string },
  client: { id: string; name: string } | null,
  reason: string,
  profileId: string,
  scopeId: string,
): Evaluated {
  return { answer: { decision: "deny", allow: false, client: client?.name ?? input.client ?? null, ...base, reason }, clientId: client?.id ?? "", profileId, scopeId };
}

/** By client: synchronous, from the read model alone. */
function evaluateClient(model: ReadModel, input: DecisionInput & { client: string }, now: number): Evaluated {
  const ix = indexOf(model);
  const resource = model.resolveResource(input.resource);
  const base = { resource: resource ? ix.resourceRef.get(resource.id)! : input.resource, action: input.action };
  const client = model.resolveClient(input.client);
  if (!client) return denial(input, base, null, `unknown client ${input.client}`, "", resource ? deniedScopeId(ix, base.resource, input.action) : "");
  if (!resource) return denial(input, base, client, `unknown resource ${input.resource}`, "", "");
  const d = model.can(client.id, resource.id, input.action, new Date(now));
  if (!d.allow) {
    const scopeId = deniedScopeId(ix, base.resource, input.action);
    return denial(input, base, client, d.reason, deniedProfileOfClient(ix, client.id, resource, scopeId, now), scopeId);
  }
  const g = d.grants[0]!;
  return {
    answer: {
      decision: "allow",
      allow: true,
      client: client.name,
      ...base,
      profile: { id: g.profileId, name: g.profileName, version: g.profileVersion },
      scope: { id: g.scopeId, name: ix.scopeRef.get(g.scopeId)?.name ?? `${base.resource}:${g.action}` },
      via: { kind: g.via.kind, id: g.via.id },
    },
    clientId: client.id,
    profileId: g.profileId,
    scopeId: g.scopeId,
  };
}

/** By token: its inspection, then its scope. */
async function evaluate(svc: TokenService, model: ReadModel, input: DecisionInput, now: number): Promise<Evaluated> {
  if (input.client !== undefined) return evaluateClient(model, input as DecisionInput & { client: string }, now);
  const ix = indexOf(model);
  const resource = model.resolveResource(input.resource);
  const base = { resource: resource ? ix.resourceRef.get(resource.id)! : input.resource, action: input.action };
  // a denial by token counts against the profile the token is bound to
  const deny = (client: { id: string; name: string } | null, reason: string, profileId: string) =>
    denial(input, base, client, reason, profileId, resource ? deniedScopeId(ix, base.resource, input.action) : "");
  const r = await inspectAccessToken(svc, input.token!);
  if (!r.active) {
    const c = r.claims;
    return c ? deny({ id: model.clientsByName.get(c.client_id)?.id ?? "", name: c.client_id }, r.reason, model.profiles.has(c.profile_id) ? c.profile_id : "") : deny(null, r.reason, "");
  }
  if (!resource) return deny(r.client, `unknown resource ${input.resource}`, r.profile.id);
  const name = coveringScope(r.scopes, base.resource, input.action);
  if (!name) return deny(r.client, `the token's scope does not include ${base.resource}:${input.action}`, r.profile.id);
  const scope = ix.scopeByName.get(name)!;
  return {
    answer: {
      decision: "allow",
      allow: true,
      client: r.client.name,
      ...base,
      profile: { id: r.profile.id, name: r.profile.name, version: r.profile.version },
      scope: { id: scope.id, name },
      via: { kind: "token", id: r.claims.jti },
    },
    clientId: r.client.id,
    profileId: r.profile.id,
    scopeId: scope.id,
  };
}

function tally(svc: TokenService, r: Evaluated, now: number): DecisionAnswer {
  svc.decisions.record(now, r.clientId, r.profileId, r.scopeId, r.answer.allow);
  return r.answer;
}

/**
 * A denial is answered only once an audit event that counts it is durable:
 * identical denials queued together share one event (its count covers them)
 * and one group commit (../oauth/journal.ts).
 */
async function audited(svc: TokenService, caller: Actor, r: Evaluated, now: number): Promise<DecisionAnswer> {
  const a = r.answer;
  const client = a.client ?? "(token)";
  const at = new Date(now);
  await recorded(
    svc.journal.collapse(
      `${caller.id ?? ""}|${caller.label}|${r.clientId || client}|${a.resource}|${a.action}|${a.reason}`,
      () => ({
        actor: { id: caller.id, label: caller.label },
        event: {
          action: "decision.denied",
          targetType: "client",
          targetId: r.clientId,
          targetName: client,
          after: { resource: a.resource, action: a.action, reason: a.reason!, count: 1, first: at.toISOString(), last: at.toISOString() },
        },
      }),
      (event, when) => {
        const after = event.after as { count: number; last: string };
        after.count++;
        after.last = when.toISOString();
      },
      at,
    ),
  );
  return tally(svc, r, now);
}

/** The hot path: an allow by client from the model at hand, without a promise; null when it needs the slow path. */
export function decideNow(svc: TokenService, caller: Actor, input: DecisionInput, now = Date.now()): DecisionAnswer | null {
  if (input.client === undefined) return null;
  const model = svc.modelNow();
  if (!model) return null;
  const r = evaluateClient(model, input as DecisionInput & { client: string }, now);
  return r.answer.allow ? tally(svc, r, now) : null;
}

export async function decide(svc: TokenService, caller: Actor, input: DecisionInput, now = Date.now()): Promise<DecisionAnswer> {
  let r = await evaluate(svc, await svc.readModel(), input, now);
  // a denial is confirmed against the catalog's current version (a grant applied a moment ago)
  if (!r.answer.allow) r = await evaluate(svc, await svc.readModel(true), input, now);
  return r.answer.allow ? tally(svc, r, now) : audited(svc, caller, r, now);
}

export type HttpAnswer = { status: number; body: unknown; headers?: Record<string, string> };

const problem = (status: number, title: string, detail: string, code: string, errors?: FieldError[]): HttpAnswer => ({
  status,
  body: { type: `https://perimeter.dev/problems/${code}`, title, status, detail, ...(errors?.length ? { errors } : {}) },
  headers: { "content-type": "application/problem+json" },
});

/** POST /api/v1/decisions: one request, or { requests: [...] } (at most 100) -> { results: [...] }. */
export async function handleDecisions(svc: TokenService, authorization: string | undefined, body: unknown): Promise<HttpAnswer> {
  const bearer = authorization && /^bearer /i.test(authorization) ? authorization.slice(7).trim() : null;
  const actor = bearer ? (apiTokenActorNow(svc, bearer) ?? (await apiTokenActor(svc, bearer))) : null;
  if (!actor) {
    // RFC 6750 §3.1: a token that was sent and is not valid is invalid_token; no token at all gets the bare challenge
    const challenge = bearer ? 'Bearer realm="perimeter", error="invalid_token", error_description="the API token is not valid"' : 'Bearer realm="perimeter"';
    return {
      ...problem(401, "Authentication required", bearer ? "The API token is not valid (unknown, revoked or expired)." : "Send an API token as 'Authorization: Bearer pmt_api_…' (read access is enough).", "unauthenticated"),
      headers: { "content-type": "application/problem+json", "www-authenticate": challenge },
    };
  }
  // what the database cannot store is refused here, before it can reach a denial's audit event
  const bad = findUnstorable(body);
  if (bad) return problem(400, "Invalid request", `${bad.path}: ${bad.message}`, "validation", [{ field: bad.path, message: bad.message }]);
  try {
    if (body && typeof body === "object" && !Array.isArray(body) && "requests" in body) {
      const list = (body as { requests: unknown }).requests;
      if (!Array.isArray(list) || list.length === 0 || list.length > MAX_BATCH) {
        return problem(400, "Invalid request", `requests: must be an array of 1 to ${MAX_BATCH} decision requests`, "validation", [{ field: "requests", message: `must be an array of 1 to ${MAX_BATCH} decision requests` }]);
      }
      const parsed = list.map((x, i) => parseDecision(x, `requests.${i}`));
      const errors = parsed.filter(Array.isArray).flat();
      if (errors.length) return problem(400, "Invalid request", `${errors[0]!.field}: ${errors[0]!.message}`, "validation", errors);
      const now = Date.now();
      // the denials' audit events are committed together (one group commit for the batch)
      const results = await Promise.all((parsed as DecisionInput[]).map((p) => decide(svc, actor, p, now)));
      return { status: 200, body: { results } };
    }
    const p = parseDecision(body);
    if (Array.isArray(p)) return problem(400, "Invalid request", `${p[0]!.field}: ${p[0]!.message}`, "validation", p);
    return { status: 200, body: decideNow(svc, actor, p) ?? (await decide(svc, actor, p)) };
  } catch (e) {
    if (!(e instanceof OAuthError)) throw e;
    // the denial's audit record could not be made durable: no answer without it
    const a = problem(e.status, e.status === 503 ? "Service unavailable" : "Internal error", e.description, e.status === 503 ? "unavailable" : "error");
    return { ...a, headers: { ...a.headers, ...e.headers } };
  }
}
