// RFC 9457 problem details for every error the HTTP API returns.
import { AppError, type FieldError } from "../errors";

export type Problem = { type: string; title: string; status: number; detail: string; errors?: FieldError[] };

const titles: Record<number, string> = {
  400: "Invalid request",
  401: "Authentication required",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  413: "Request body too large",
  415: "Unsupported media type",
  500: "Internal error",
};

/**
 * RFC 6750 §3: every 401 names the scheme it wants. A bearer token that was
 * sent and refused is `invalid_token`; no credentials at all get the bare challenge.
 */
export function bearerChallenge(invalidToken = false): string {
  return invalidToken ? 'Bearer realm="perimeter", error="invalid_token", error_description="the API token is not valid"' : 'Bearer realm="perimeter"';
}

export function problem(status: number, detail: string, errors?: FieldError[], code = "error", headers: Record<string, string> = {}): Response {
  const body: Problem = {
    type: `https://perimeter.dev/problems/${code}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    ...(errors?.length ? { errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    // every 401 carries a challenge, whoever raised it (route() passes the invalid_token one)
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...(status === 401 ? { "www-authenticate": bearerChallenge() } : {}), ...headers },
  });
}

export function problemFromError(e: unknown): Response {
  if (e instanceof AppError) return problem(e.status, e.message, e.fields, e.code);
  console.error("unhandled error in API route:", e instanceof Error ? e.message : e);
  return problem(500, "Something went wrong on the server; the change was not applied.");
}
