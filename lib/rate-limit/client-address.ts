// The client's address for rate limiting: the socket's peer, or — only when
// that peer is one of the configured trusted proxies (PERIMETER_TRUSTED_PROXIES,
// a CIDR list) — the nearest address in X-Forwarded-For that is not itself a
// trusted proxy (read from the right: the left part is whatever the client sent).
import net from "node:net";

export type TrustedProxies = { has(address: string): boolean; readonly empty: boolean };

const family = (a: string) => (net.isIPv6(a) ? "ipv6" : "ipv4");

/** Strips an IPv4-mapped IPv6 prefix ("::ffff:10.0.0.1" → "10.0.0.1"). */
function plain(address: string): string {
  const a = address.trim();
  return a.toLowerCase().startsWith("::ffff:") && net.isIPv4(a.slice(7)) ? a.slice(7) : a;
}

/** Parses "10.0.0.0/8, 192.168.1.7, ::1/128"; throws naming the first bad entry. */
export function parseTrustedProxies(list: string | undefined): TrustedProxies {
  const blocks = new net.BlockList();
  let count = 0;
  for (const raw of (list ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [addr, bits, extra] = raw.split("/");
    const a = plain(addr ?? "");
    if (extra !== undefined || !net.isIP(a)) throw new Error(`${raw} is not an IP address or CIDR block`);
    const max = net.isIPv6(a) ? 128 : 32;
    const prefix = bits === undefined ? max : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits))) throw new Error(`${raw} has an invalid prefix length`);
    blocks.addSubnet(a, prefix, family(a));
    count++;
  }
  return {
    empty: count === 0,
    has: (address: string) => {
      const a = plain(address);
      return net.isIP(a) !== 0 && blocks.check(a, family(a));
    },
  };
}

export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  const peer = plain(socketAddress ?? "unknown");
  if (trusted.empty || !forwardedFor || !trusted.has(peer)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",").map(plain).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!net.isIP(hop)) return peer; // a malformed header from a trusted proxy: fall back to the proxy itself
    if (!trusted.has(hop)) return hop;
  }
  return hops[0] ?? peer;
}
