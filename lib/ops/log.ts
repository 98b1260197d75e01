// Structured JSON logs (pino), one line per event, to stdout. Secrets never
// reach them: request lines carry method, path (without the query string,
// where tokens may travel), status, duration and request id, never headers or
// bodies; and the paths below are censored should a caller pass an object
// holding them.
import pino, { type Logger } from "pino";

export const redactedPaths = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "headers.cookie",
  "*.headers.cookie",
  "client_secret",
  "*.client_secret",
  "client_assertion",
  "*.client_assertion",
  "token",
  "*.token",
  "access_token",
  "*.access_token",
  "subject_token",
  "*.subject_token",
  "secret",
  "*.secret",
  "password",
  "*.password",
];

const key = Symbol.for("perimeter.ops.logger");

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? "info",
      base: { service: "perimeter" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
    },
    opts.destination,
  );
}

/** The process's logger (set up once by the server with the configured level). */
export function logger(): Logger {
  const g = globalThis as unknown as Record<symbol, Logger | undefined>;
  return (g[key] ??= createLogger());
}

export function setLogger(l: Logger): void {
  (globalThis as unknown as Record<symbol, Logger>)[key] = l;
}
