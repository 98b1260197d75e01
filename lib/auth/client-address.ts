// Who is on the other end of a console request. scripts/server.ts copies the
// socket's address into PEER_ADDRESS_HEADER (overwriting anything a client
// sent), because Next's route handlers never see the socket. X-Forwarded-For is
// believed only hop by hop from that peer while each hop is a trusted proxy
// (PERIMETER_TRUSTED_PROXIES): anyone else can write whatever they like there.
import { BlockList, isIP } from "node:net";

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

/** Parses "10.0.0.0/8, 127.0.0.1, ::1": each entry an address or a CIDR range. Throws naming the bad entry. */
export function parseTrustedProxies(list: string | undefined): BlockList {
  const blocks = new BlockList();
  for (const entry of (list ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    const [address, bits, extra] = entry.split("/");
    const ip = normaliseAddress(address);
    const family = ip ? (isIP(ip) === 4 ? "ipv4" : "ipv6") : null;
    const prefix = bits === undefined ? null : Number(bits);
    const max = family === "ipv4" ? 32 : 128;
    if (!ip || !family || extra !== undefined || (prefix !== null && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= max))) {
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    }
    if (prefix === null) blocks.addAddress(ip, family);
    else blocks.addSubnet(ip, prefix, family);
  }
  return blocks;
}

const parsed = new Map<string, BlockList>();

function trusted(list: string | undefined, address: string): boolean {
  if (!list) return false;
  let blocks = parsed.get(list);
  if (!blocks) parsed.set(list, (blocks = parseTrustedProxies(list)));
  return blocks.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
}

/** The client's address, or null when the request did not come through scripts/server.ts. */
export function clientAddress(headers: HeaderSource, trustedProxies: string | undefined): string | null {
  let address = normaliseAddress(header(headers, PEER_ADDRESS_HEADER));
  if (!address) return null;
  const hops = (header(headers, "x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  // walk from the nearest hop outwards while the one who told us is trusted
  while (hops.length > 0 && trusted(trustedProxies, address)) {
    const next = normaliseAddress(hops.pop());
    if (!next) break;
    address = next;
  }
  return address;
}
