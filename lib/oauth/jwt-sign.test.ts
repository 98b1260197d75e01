import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { signJwt, signingWorkers } from "./jwt-sign";

const keyPair = (kid: string) => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, keyObject: privateKey, publicKey };
};

/** RSASSA-PKCS1-v1_5 is deterministic: the signature the token must carry, computed here on the test's thread. */
function expected(token: string, key: KeyObject): string {
  const [h, p] = token.split(".");
  return sign("sha256", Buffer.from(`${h}.${p}`), key).toString("base64url");
}

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString()) as Record<string, unknown>;

describe("RS256 signing on the signing threads", () => {
  const keys = Array.from({ length: 6 }, (_, i) => keyPair(`k${i}`));
  afterAll(async () => {
    for (const w of signingWorkers()) await w.terminate();
  });

  it("signs many at once, each with its own key, byte for byte as RS256 over its header and payload", async () => {
    // more keys than a thread keeps (4), interleaved, so keys leave and come back
    const jobs = Array.from({ length: 300 }, (_, i) => ({ key: keys[(i * 7) % keys.length]!, payload: { jti: `t${i}`, n: i } }));
    const tokens = await Promise.all(jobs.map((j) => signJwt(j.key, j.payload)));
    tokens.forEach((token, i) => {
      const [h, p, s] = token.split(".");
      expect(decode(h!)).toEqual({ alg: "RS256", kid: jobs[i]!.key.kid, typ: "at+jwt" });
      expect(decode(p!)).toEqual(jobs[i]!.payload);
      expect(s).toBe(expected(token, jobs[i]!.key.keyObject));
    });
  });

  it("signs with a key again after four others were used on the same thread (a thread keeps the newest four)", async () => {
    // one at a time, so the least busy thread is always the same one
    for (const i of [0, 1, 2, 3, 4, 0, 5, 1, 0]) {
      const token = await signJwt(keys[i]!, { i });
      expect(token.split(".")[2]).toBe(expected(token, keys[i]!.keyObject));
    }
  });

  it("finishes the signatures a stopped thread held elsewhere", async () => {
    const pending = Array.from({ length: 60 }, (_, i) => signJwt(keys[i % 2]!, { i }));
    await signingWorkers()[0]!.terminate();
    const tokens = await Promise.all(pending);
    tokens.forEach((token, i) => expect(token.split(".")[2]).toBe(expected(token, keys[i % 2]!.keyObject)));
    // and the pool signs on afterwards
    const after = await signJwt(keys[5]!, { after: true });
    expect(after.split(".")[2]).toBe(expected(after, keys[5]!.keyObject));
  });
});
