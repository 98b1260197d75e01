import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { resetSigningThreads, setActiveSigningKey, signJwt, signingWorkers } from "./jwt-sign";
import { PROBE_INPUT, probeWithoutKey } from "../testing/signing-threads";

const keyPair = (kid: string) => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, keyObject: privateKey };
};

/** RSASSA-PKCS1-v1_5 is deterministic: the signature the token must carry, computed here on the test's thread. */
function expected(token: string, key: KeyObject): string {
  const [h, p] = token.split(".");
  return sign("sha256", Buffer.from(`${h}.${p}`), key).toString("base64url");
}

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString()) as Record<string, unknown>;

describe("RS256 signing on the signing threads", () => {
  const keys = Array.from({ length: 6 }, (_, i) => keyPair(`k${i}`));
  afterAll(() => resetSigningThreads());

  it("signs many at once, each with its own key, byte for byte as RS256 over its header and payload", async () => {
    const jobs = Array.from({ length: 300 }, (_, i) => ({ key: keys[(i * 7) % keys.length]!, payload: { jti: `t${i}`, n: i } }));
    const tokens = await Promise.all(jobs.map((j) => signJwt(j.key, j.payload)));
    tokens.forEach((token, i) => {
      const [h, p, s] = token.split(".");
      expect(decode(h!)).toEqual({ alg: "RS256", kid: jobs[i]!.key.kid, typ: "at+jwt" });
      expect(decode(p!)).toEqual(jobs[i]!.payload);
      expect(s).toBe(expected(token, jobs[i]!.key.keyObject));
    });
  });

  it("keeps only the active key once handed it, signs other keys' jobs without keeping them, and drops it when the active key changes", async () => {
    const probeSig = (k: KeyObject) => sign("sha256", Buffer.from(PROBE_INPUT), k).toString("base64url");
    const threads = () => Promise.all(signingWorkers().map(probeWithoutKey));
    setActiveSigningKey("k1");
    // more at once than there are threads, so every thread signs with k1 (and keeps it)
    await Promise.all(Array.from({ length: 20 }, (_, i) => signJwt(keys[1]!, { i })));
    for (const r of await threads()) expect(r.sig).toBe(probeSig(keys[1]!.keyObject));
    // a key that is not the active one (a store that has not reloaded since a rotation) is used, never kept
    const other = await Promise.all(Array.from({ length: 20 }, (_, i) => signJwt(keys[2]!, { i })));
    other.forEach((token) => expect(token.split(".")[2]).toBe(expected(token, keys[2]!.keyObject)));
    for (const r of await threads()) expect(r.sig).toBe(probeSig(keys[1]!.keyObject));
    setActiveSigningKey("k3");
    for (const r of await threads()) expect(r).toEqual(expect.objectContaining({ error: "no signing key was handed to this thread" }));
    // the retired key's late jobs are signed, and it does not come back into any thread
    const late = await Promise.all(Array.from({ length: 20 }, (_, i) => signJwt(keys[1]!, { late: i })));
    late.forEach((token) => expect(token.split(".")[2]).toBe(expected(token, keys[1]!.keyObject)));
    for (const r of await threads()) expect(r.error).toBe("no signing key was handed to this thread");
    const next = await Promise.all(Array.from({ length: 20 }, (_, i) => signJwt(keys[3]!, { i })));
    next.forEach((token) => expect(token.split(".")[2]).toBe(expected(token, keys[3]!.keyObject)));
    setActiveSigningKey(null);
  });

  it("signs a mix of the active key and others, each with its own", async () => {
    setActiveSigningKey("k0");
    const jobs = Array.from({ length: 300 }, (_, i) => ({ key: keys[i % 3 === 0 ? 0 : (i * 5) % keys.length]!, payload: { i } }));
    const tokens = await Promise.all(jobs.map((j) => signJwt(j.key, j.payload)));
    tokens.forEach((token, i) => expect(token.split(".")[2]).toBe(expected(token, jobs[i]!.key.keyObject)));
    setActiveSigningKey(null);
  });

  it("finishes the signatures a stopped thread held on its replacement, and signs on", async () => {
    const pending = Array.from({ length: 60 }, (_, i) => signJwt(keys[i % 2]!, { i }));
    const stopped = signingWorkers()[0]!;
    await stopped.terminate();
    const tokens = await Promise.all(pending);
    tokens.forEach((token, i) => expect(token.split(".")[2]).toBe(expected(token, keys[i % 2]!.keyObject)));
    expect(signingWorkers()).not.toContain(stopped);
    const after = await signJwt(keys[5]!, { after: true });
    expect(after.split(".")[2]).toBe(expected(after, keys[5]!.keyObject));
  });

  it("signs on libuv's threadpool, every pending signature included, where no signing thread can start", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sign-worker-"));
    const broken = path.join(dir, "broken.mjs");
    writeFileSync(broken, `throw new Error("cannot start here");\n`);
    const said = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await resetSigningThreads(pathToFileURL(broken));
      // more at once than there are threads, so every thread holds some when they all fail
      const tokens = await Promise.all(Array.from({ length: 40 }, (_, i) => signJwt(keys[i % 3]!, { i })));
      tokens.forEach((token, i) => expect(token.split(".")[2]).toBe(expected(token, keys[i % 3]!.keyObject)));
      expect(signingWorkers()).toEqual([]);
      expect(said).toHaveBeenCalledWith(expect.stringMatching(/^signing: a signing thread could not start .*threadpool from now on$/));
    } finally {
      said.mockRestore();
      await resetSigningThreads();
    }
    const back = await signJwt(keys[0]!, { back: true });
    expect(back.split(".")[2]).toBe(expected(back, keys[0]!.keyObject));
    expect(signingWorkers().length).toBeGreaterThan(0);
  });
});
