// How long a console session lasts. The next-auth cookie gets the same
// lifetime; the row is the authority (a cookie outliving it is refused).
export const sessionMaxAgeSeconds = 8 * 60 * 60;

/** lastSeenAt is written at most this often per session, so reading pages does not write on every request. */
export const touchEveryMs = 60_000;

/** What a session row keeps of the browser and network it began from. */
export function summariseUserAgent(userAgent: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (userAgent ?? "").replace(/[\u0000-\u001F\u007F-\u009F]/g, " ").replace(/[\uD800-\uDFFF]/g, "").trim().slice(0, 200);
}
