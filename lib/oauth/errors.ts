// OAuth 2.0 errors (RFC 6749 §5.2, RFC 7009, RFC 8693, RFC 8707): a code, a
// human-readable description, the HTTP status and any extra headers.
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "invalid_target"
  | "unsupported_token_type"
  | "temporarily_unavailable"
  | "server_error";

const statusOf: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  unsupported_token_type: 400,
  temporarily_unavailable: 503,
  server_error: 500,
};

export class OAuthError extends Error {
  readonly status: number;
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    opts: { status?: number; headers?: Record<string, string> } = {},
  ) {
    super(`${error}: ${description}`);
    this.name = "OAuthError";
    this.status = opts.status ?? statusOf[error];
    this.headers = opts.headers ?? {};
  }
  readonly headers: Record<string, string>;
}

export type OAuthErrorBody = { error: OAuthErrorCode; error_description: string };

export function oauthErrorBody(e: OAuthError): OAuthErrorBody {
  return { error: e.error, error_description: e.description };
}

/** 401 invalid_client; with the Basic challenge when the client authenticated with the Authorization header (RFC 6749 §5.2). */
export function invalidClient(description: string, usedBasic: boolean): OAuthError {
  return new OAuthError("invalid_client", description, usedBasic ? { headers: { "www-authenticate": 'Basic realm="perimeter", charset="UTF-8"' } } : {});
}

/** 429 with Retry-After (whole seconds). */
export function rateLimited(retryAfterSeconds: number, who: string): OAuthError {
  return new OAuthError("temporarily_unavailable", `too many token requests from this ${who}; retry in ${retryAfterSeconds} s`, {
    status: 429,
    headers: { "retry-after": String(retryAfterSeconds) },
  });
}
