import { describe, expect, it } from "vitest";
import { hash } from "@node-rs/argon2";
import { checkKeyedHash, keyedHash, machineKey, newSecret, prefixOf, verifyMachineSecret, verifySecret } from "./secrets";

const k1 = machineKey("first-server-key-secret-0123456789abcdef");
const k2 = machineKey("second-server-key-secret-0123456789abcdef");

describe("machine secrets as keyed hashes", () => {
  it("are stored as HMAC-SHA-256 under the server key, never the secret itself", async () => {
    const s = await newSecret("sec", k1);
    expect(prefixOf(s.secret)).toBe(s.prefix);
    expect(s.hash).toMatch(/^\$hmac-sha256\$k=[A-Za-z0-9_-]{12}\$[A-Za-z0-9_-]{43}$/);
    expect(s.hash).not.toContain(s.secret.slice(s.prefix.length + 1));
    expect(checkKeyedHash(s.secret, s.hash, k1)).toBe(true);
  });

  it("refuse a wrong secret, and fail closed under another server key", async () => {
    const s = await newSecret("api", k1);
    const wrong = s.secret.slice(0, -1) + (s.secret.endsWith("A") ? "B" : "A");
    expect(checkKeyedHash(wrong, s.hash, k1)).toBe(false);
    expect(checkKeyedHash(s.secret, s.hash, k2)).toBe(false);
    expect(checkKeyedHash(s.secret, s.hash, null)).toBe(false);
    expect(await verifyMachineSecret(s.secret, s.hash, k2)).toEqual({ ok: false, upgrade: null });
    // a stored hash whose key id was forged to match still needs the key's MAC
    const forged = keyedHash(s.secret, k2).replace(`k=${k2.id}`, `k=${k1.id}`);
    expect(checkKeyedHash(s.secret, forged, k1)).toBe(false);
  });

  it("a legacy argon2id hash verifies and yields the keyed hash to store instead", async () => {
    const s = await newSecret("key", k1);
    const legacy = await hash(s.secret);
    const check = await verifyMachineSecret(s.secret, legacy, k1);
    expect(check.ok).toBe(true);
    expect(check.upgrade).toBe(keyedHash(s.secret, k1));
    expect(await verifyMachineSecret("pmt_key_000000000000_" + "A".repeat(43), legacy, k1)).toEqual({ ok: false, upgrade: null });
    // without a server key it still verifies, and is not upgraded
    expect(await verifyMachineSecret(s.secret, legacy, null)).toEqual({ ok: true, upgrade: null });
  });

  it("without a server key, new machine secrets fall back to argon2id", async () => {
    const s = await newSecret("sec", null);
    expect(s.hash).toMatch(/^\$argon2id\$/);
    expect(await verifySecret(s.secret, s.hash)).toBe(true);
  });
});
