// Exit codes scripts can rely on, and the error that carries one.
export const exitCodes = { ok: 0, error: 1, changes: 2 } as const;

/** A failure to report in one line (and, with --output json, as { error }); exits 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
    readonly code: number = exitCodes.error,
  ) {
    super(message);
  }
}
