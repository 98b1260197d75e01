// CSPRNG bytes for ids made on the hot path (token ids, row ids), drawn from a
// pooled buffer refilled 4 KiB at a time — one call into OpenSSL per few
// hundred ids instead of one per id, as crypto.randomUUID does. Each call
// takes fresh bytes: none is ever handed out twice.
import { randomFillSync } from "node:crypto";

const pool = Buffer.alloc(4096);
let at = pool.length;

/** `n` fresh random bytes (n ≤ 4096): a view, valid until the next call — copy or encode it at once. */
export function takeRandom(n: number): Buffer {
  if (at + n > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  const bytes = pool.subarray(at, at + n);
  at += n;
  return bytes;
}
