// Date.prototype.toISOString costs ~0.45 µs here, and the token service's
// journal formats several times per token (the event's time for its hash and
// row, the token's issue and expiry). Within one minute only the seconds and
// milliseconds change, so the rest is formatted once per minute and reused:
// the same string as toISOString for every time it covers.

/** 0001-01-01 to 9999-12-31: where toISOString's output has the plain 24-character shape. */
const FIRST = -62135596800000;
const AFTER_LAST = 253402300800000;

/** The two minutes formatted last (a token's issue and its expiry are usually in different minutes), newest first. */
const minutes: [start: number, prefix: string][] = [
  [NaN, ""],
  [NaN, ""],
];

/** new Date(ms).toISOString(), for an integer ms. */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < FIRST || ms >= AFTER_LAST) return new Date(ms).toISOString();
  const start = ms - (((ms % 60_000) + 60_000) % 60_000);
  let prefix: string;
  if (minutes[0]![0] === start) prefix = minutes[0]![1];
  else if (minutes[1]![0] === start) prefix = minutes[1]![1];
  else {
    prefix = new Date(start).toISOString().slice(0, 17); // "YYYY-MM-DDTHH:MM:"
    minutes[1] = minutes[0]!;
    minutes[0] = [start, prefix];
  }
  const rest = ms - start;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${prefix}${s < 10 ? "0" : ""}${s}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}
