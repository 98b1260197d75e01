import net from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addressBucket } from "./client-address";

const group = fc.integer({ min: 0, max: 0xffff });
const groups = fc.array(group, { minLength: 8, maxLength: 8 });
// groups that are often zero, so "::" compression shows up in every position
const sparse = fc.array(fc.oneof(fc.constant(0), group), { minLength: 8, maxLength: 8 });

/** Ways the same address is written: full with leading zeros, upper case, without leading zeros, Node's compressed form. */
const spellings = (g: number[]) => {
  const full = g.map((n) => n.toString(16).padStart(4, "0")).join(":");
  return [full, full.toUpperCase(), g.map((n) => n.toString(16)).join(":"), new net.SocketAddress({ address: full, family: "ipv6" }).address];
};

/** Node's own parser as the oracle: is `address` inside `block`/`bits`? */
function inside(block: string, bits: number, address: string) {
  const blocks = new net.BlockList();
  blocks.addSubnet(block, bits, "ipv6");
  return blocks.check(address.split("%")[0]!, "ipv6");
}

/** Blocks that carry an IPv4 address in their last 32 bits, and 6to4. */
const MAPPED = ["::ffff:0:0", 96] as const;
const NAT64 = ["64:ff9b::", 96] as const;
const SIX_TO_FOUR = ["2002::", 16] as const;
const special = (a: string) => [MAPPED, NAT64, SIX_TO_FOUR].some(([block, bits]) => inside(block, bits, a));

describe("addressBucket", () => {
  it("an IPv4 address, and anything that is not an IP address, is its own bucket", () => {
    fc.assert(
      fc.property(fc.ipV4(), (a) => {
        expect(addressBucket(a)).toBe(a);
      }),
    );
    for (const s of ["unknown", "", "not:an:address", "1::2::3"]) expect(addressBucket(s)).toBe(s);
  });

  it("an IPv6 address falls in the block its bucket names, however it is written", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV6(), sparse.map((g) => spellings(g)[3]!)), (a) => {
        const bucket = addressBucket(a);
        if (net.isIPv4(bucket)) {
          // the IPv4 client inside a mapped or NAT64 address
          expect(inside(`::ffff:${bucket}`, 128, a) || inside(`64:ff9b::${bucket}`, 128, a)).toBe(true);
        } else if (bucket.endsWith("/48")) {
          expect(inside(...SIX_TO_FOUR, a) && inside(bucket.slice(0, -3), 48, a)).toBe(true);
        } else {
          expect(bucket).toMatch(/^([0-9a-f]{1,4}:){4}:\/64$/);
          expect(special(a)).toBe(false);
          expect(inside(bucket.slice(0, -3), 64, a)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("two IPv6 addresses outside those blocks share a bucket exactly when their first 64 bits are equal", () => {
    const ordinary = fc.oneof(groups, sparse).filter((g) => !special(spellings(g)[0]!));
    fc.assert(
      fc.property(ordinary, ordinary, fc.boolean(), fc.nat(3), fc.nat(3), (g, h, sameNetwork, i, j) => {
        const other = sameNetwork ? [...g.slice(0, 4), ...h.slice(4)] : h;
        const [a, b] = [spellings(g)[i]!, spellings(other)[j]!];
        const same = g.slice(0, 4).every((n, k) => n === other[k]);
        expect(addressBucket(a) === addressBucket(b)).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });

  it("an IPv4 client inside IPv6 (mapped or NAT64, in any spelling) keeps its own IPv4 bucket", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.constantFrom("::ffff:", "0:0:0:0:0:FFFF:", "64:ff9b::", "64:FF9B:0:0:0:0:"), fc.boolean(), (v4, prefix, dotted) => {
        const [b0, b1, b2, b3] = v4.split(".").map(Number) as [number, number, number, number];
        const tail = dotted ? v4 : `${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
        expect(addressBucket(`${prefix}${tail}`)).toBe(v4);
      }),
    );
  });

  it("a 6to4 address counts by its /48; a link-local zone does not change the bucket", () => {
    expect(addressBucket("2002:c000:201:1::1")).toBe("2002:c000:201::/48");
    expect(addressBucket("2002:C000:0201:ffff::9")).toBe("2002:c000:201::/48");
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressBucket("2001:db8:1:2:3:4:192.0.2.1")).toBe("2001:db8:1:2::/64");
  });
});
