// One error type for the domain, mapped to HTTP status and a user message.
export type ErrorCode =
  | "validation"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "stale"
  | "too_large"
  | "unsupported_media_type";

export type FieldError = { field: string; message: string };

const status: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale: 409,
  too_large: 413,
  unsupported_media_type: 415,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return status[this.code];
  }

  static field(field: string, message: string): AppError {
    return new AppError("validation", `${field}: ${message}`, [{ field, message }]);
  }
}

type ZodLikeIssue = { path: PropertyKey[]; message: string };

/** Turns zod issues into a validation error whose fields name the input path. */
export function validationError(issues: readonly ZodLikeIssue[], prefix = ""): AppError {
  const fields = issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
  const first = fields[0];
  return new AppError("validation", first ? `${first.field || "input"}: ${first.message}` : "invalid input", fields);
}
