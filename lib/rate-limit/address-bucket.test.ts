import net from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addressBucket } from "./client-address";

const group = fc.integer({ min: 0, max: 0xffff });
const groups = fc.array(group, { minLength: 8, maxLength: 8 });
// groups that are often zero, so "::" compression shows up in every position
const sparse = fc.array(fc.oneof(fc.constant(0), group), { minLength: 8, maxLength: 8 });

/** Ways the same address is written: full with leading zeros, upper case, Node's compressed form. */
const spellings = (g: number[]) => {
  const full = g.map((n) => n.toString(16).padStart(4, "0")).join(":");
  return [full, full.toUpperCase(), g.map((n) => n.toString(16)).join(":"), new net.SocketAddress({ address: full, family: "ipv6" }).address];
};

/** Node's own parser as the oracle: is `address` inside the /64 the bucket names? */
function inside(bucket: string, address: string) {
  const blocks = new net.BlockList();
  blocks.addSubnet(bucket.replace(/\/64$/, ""), 64, "ipv6");
  return blocks.check(address.split("%")[0]!, "ipv6");
}

describe("addressBucket", () => {
  it("an IPv4 address, and anything that is not an IP address, is its own bucket", () => {
    fc.assert(
      fc.property(fc.ipV4(), (a) => {
        expect(addressBucket(a)).toBe(a);
      }),
    );
    for (const s of ["unknown", "", "not:an:address", "1::2::3"]) expect(addressBucket(s)).toBe(s);
  });

  it("an IPv6 address falls in the /64 its bucket names, however it is written", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV6(), sparse.map((g) => spellings(g)[3]!)), (a) => {
        const bucket = addressBucket(a);
        expect(bucket).toMatch(/^([0-9a-f]{1,4}:){4}:\/64$/);
        expect(inside(bucket, a)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("two IPv6 addresses share a bucket exactly when their first 64 bits are equal", () => {
    fc.assert(
      fc.property(fc.oneof(groups, sparse), fc.oneof(groups, sparse), fc.boolean(), fc.nat(3), fc.nat(3), (g, h, sameNetwork, i, j) => {
        const other = sameNetwork ? [...g.slice(0, 4), ...h.slice(4)] : h;
        const [a, b] = [spellings(g)[i]!, spellings(other)[j]!];
        const same = g.slice(0, 4).every((n, k) => n === other[k]);
        expect(addressBucket(a) === addressBucket(b)).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });

  it("a link-local zone and an embedded IPv4 tail do not change the bucket", () => {
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressBucket("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
    expect(addressBucket("2001:db8:1:2:3:4:192.0.2.1")).toBe("2001:db8:1:2::/64");
  });
});
