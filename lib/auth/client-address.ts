// Who is on the other end of a console request. scripts/server.ts copies the
// socket's address into PEER_ADDRESS_HEADER (overwriting anything a client
// sent), because Next's route handlers never see the socket. X-Forwarded-For is
// believed only through trusted proxies (PERIMETER_TRUSTED_PROXIES), by the
// same rule as the token endpoint's (lib/rate-limit/client-address.ts).
import { isIP } from "node:net";
import { clientAddress as resolve, parseTrustedProxies, type TrustedProxies } from "../rate-limit/client-address";

export { parseTrustedProxies };

export const PEER_ADDRESS_HEADER = "x-perimeter-peer-address";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(source: HeaderSource, name: string): string | undefined {
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const v = source[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** "::ffff:10.0.0.1" → "10.0.0.1"; anything that is not an IP address → null. */
export function normaliseAddress(raw: string | undefined): string | null {
  const value = raw?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return value && isIP(value) ? value.toLowerCase() : null;
}

const parsed = new Map<string, TrustedProxies>();

/** The client's address, or null when the request did not come through scripts/server.ts. */
export function clientAddress(headers: HeaderSource, trustedProxies: string | undefined): string | null {
  const peer = normaliseAddress(header(headers, PEER_ADDRESS_HEADER));
  if (!peer) return null;
  const list = trustedProxies ?? "";
  let trusted = parsed.get(list);
  if (!trusted) parsed.set(list, (trusted = parseTrustedProxies(list)));
  return normaliseAddress(resolve(peer, header(headers, "x-forwarded-for"), trusted)) ?? peer;
}
