// The client's address for rate limiting: the socket's peer, or — only when
// that peer is one of the configured trusted proxies (PERIMETER_TRUSTED_PROXIES,
// a CIDR list) — the nearest address in X-Forwarded-For that is not itself a
// trusted proxy (read from the right: the left part is whatever the client sent).
// Per-address limits count an IPv6 client by its /64 (addressBucket).
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

/**
 * What a per-address limit counts: an IPv4 address itself, an IPv6 address's
 * /64 ("2001:db8:0:7::/64"). One IPv6 subscriber is routinely given a whole
 * /64, so counting single addresses would hand it 2^64 budgets. Anything
 * that is not an IP address is returned as it is.
 */
export function addressBucket(address: string): string {
  if (!address.includes(":")) return address; // IPv4 (or "unknown"): the hot path
  const a = address.split("%", 1)[0]!; // a link-local zone ("fe80::1%eth0") names an interface, not a host
  if (!net.isIPv6(a)) return address;
  const [head = "", tail] = a.split("::", 2);
  const groups = head ? head.split(":") : [];
  if (tail !== undefined) {
    const rest = tail ? tail.split(":") : [];
    // an embedded IPv4 tail ("64:ff9b::192.0.2.1") fills two groups; it lies past the first 64 bits
    const width = rest.reduce((n, g) => n + (g.includes(".") ? 2 : 1), 0);
    groups.push(...Array<string>(8 - groups.length - width).fill("0"), ...rest);
  }
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}
