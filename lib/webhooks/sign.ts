// Webhook signatures. Every delivery carries a `perimeter-signature` header:
//
//   perimeter-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
//
// `t` is when the attempt was signed; `body` is the exact raw request body
// (UTF-8), byte for byte. A receiver recomputes the HMAC with the endpoint's
// signing secret (`whsec_…`) over "<t>.<raw body>", compares it in constant
// time, and rejects a timestamp older (or further in the future) than its
// tolerance, so a captured request cannot be replayed later. Several `v1=`
// entries may appear (e.g. during secret rotation); any match is accepted.
// The delivery id (`perimeter-delivery`, also `id` in the body) lets a
// receiver ignore a retry it already processed.
import { createHmac, timingSafeEqual } from "node:crypto";

export const signatureHeader = "perimeter-signature";

function hmac(secret: string, body: string, t: number): string {
  return createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex");
}

const unixSeconds = (d: Date | number) => Math.floor((typeof d === "number" ? d : d.getTime()) / 1000);

/** The header value for `body` signed at `timestamp` (a Date, or unix seconds). */
export function signPayload(secret: string, body: string, timestamp: Date | number = new Date()): string {
  const t = timestamp instanceof Date ? unixSeconds(timestamp) : Math.floor(timestamp);
  return `t=${t},v1=${hmac(secret, body, t)}`;
}

export type VerifyOptions = { toleranceSeconds?: number; now?: Date };

/** True when `header` is a valid signature of `body` with `secret`, signed within the tolerance (default 5 min). */
export function verifySignature(secret: string, body: string, header: string | null | undefined, { toleranceSeconds = 300, now = new Date() }: VerifyOptions = {}): boolean {
  if (!header) return false;
  let t: number | null = null;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === "t" && /^\d+$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (t === null || candidates.length === 0) return false;
  if (Math.abs(unixSeconds(now) - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, body, t), "hex");
  let ok = false;
  for (const c of candidates) {
    const given = Buffer.from(c, "hex");
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
