// RFC 9457 problem details for every error the HTTP API returns.
import { AppError, type FieldError } from "../errors";

export type Problem = { type: string; title: string; status: number; detail: string; errors?: FieldError[] };

const titles: Record<number, string> = {
  400: "Invalid request",
  401: "Authentication required",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  415: "Unsupported media type",
  500: "Internal error",
};

export function problem(status: number, detail: string, errors?: FieldError[], code = "error"): Response {
  const body: Problem = {
    type: `https://perimeter.dev/problems/${code}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    ...(errors?.length ? { errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store" },
  });
}

export function problemFromError(e: unknown): Response {
  if (e instanceof AppError) return problem(e.status, e.message, e.fields, e.code);
  console.error("unhandled error in API route:", e instanceof Error ? e.message : e);
  return problem(500, "Something went wrong on the server; the change was not applied.");
}
