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

/** An IPv6 address's eight 16-bit groups (an embedded IPv4 tail as the last two). */
function groupsOf(a: string): number[] {
  const [head = "", tail] = a.split("::", 2);
  const parse = (part: string) =>
    part
      ? part.split(":").flatMap((g) => {
          if (!g.includes(".")) return [parseInt(g, 16)];
          const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = g.split(".").map(Number);
          return [(b0 << 8) | b1, (b2 << 8) | b3];
        })
      : [];
  const front = parse(head);
  if (tail === undefined) return front;
  const back = parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

const hex = (g: number) => g.toString(16);

/**
 * What a per-address limit counts:
 * - an IPv4 address itself, however it is written: also inside IPv6 as an
 *   IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) address, so every
 *   IPv4 client behind a translator keeps a budget of its own;
 * - a 6to4 address (2002::/16) by its /48, the block its IPv4 host holds;
 * - any other IPv6 address by its /64 ("2001:db8:0:7::/64"), the smallest
 *   block a site is assigned: counting single addresses would hand whoever
 *   holds one 2^64 budgets. (A provider often assigns a /56 or a /48, which
 *   this does not merge; and clients that share one /64, such as a subnet of
 *   machines, share its budget.)
 * Anything that is not an IP address is returned as it is.
 */
export function addressBucket(address: string): string {
  if (!address.includes(":")) return address; // IPv4 (or "unknown"): the hot path
  const a = address.split("%", 1)[0]!; // a link-local zone ("fe80::1%eth0") names an interface, not a host
  if (!net.isIPv6(a)) return address;
  const g = groupsOf(a);
  const ipv4Inside = (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) || (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0);
  if (ipv4Inside) return `${g[6]! >> 8}.${g[6]! & 0xff}.${g[7]! >> 8}.${g[7]! & 0xff}`;
  if (g[0] === 0x2002) return `2002:${hex(g[1]!)}:${hex(g[2]!)}::/48`;
  return `${g.slice(0, 4).map(hex).join(":")}::/64`;
}
