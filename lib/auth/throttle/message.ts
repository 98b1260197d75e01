// The words a throttled sign-in is refused with; shared by the login page and
// the form (no server code here). The same for every account, existing or not.

/** next-auth carries an authorize() error to the page as its message: "TooManyAttempts:<seconds>". */
export const throttledErrorPrefix = "TooManyAttempts:";

export function throttledError(retryAfterSeconds: number): string {
  return `${throttledErrorPrefix}${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const wait =
    retryAfterSeconds >= 60
      ? `${Math.ceil(retryAfterSeconds / 60)} minute${Math.ceil(retryAfterSeconds / 60) === 1 ? "" : "s"}`
      : `${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}`;
  return `Too many failed attempts; try again in ${wait}.`;
}

/** The message for an error code next-auth returned, when it is a throttle refusal. */
export function throttledMessage(error: string | null | undefined): string | null {
  if (!error?.startsWith(throttledErrorPrefix)) return null;
  const seconds = Number(error.slice(throttledErrorPrefix.length));
  return Number.isInteger(seconds) && seconds > 0 && seconds <= 86_400 ? tooManyAttemptsMessage(seconds) : null;
}
