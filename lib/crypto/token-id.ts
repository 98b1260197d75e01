// Token ids (jti) on the hot path: 144 bits from the CSPRNG, base64url. Drawn
// from a pooled buffer filled 256 ids at a time — one call into OpenSSL per
// 256 grants instead of one per grant, as crypto.randomUUID does — and never
// handed out twice: each id takes fresh bytes from the pool.
import { randomFillSync } from "node:crypto";

const ID_BYTES = 18;
const pool = Buffer.alloc(ID_BYTES * 256);
let at = pool.length;

export function newTokenId(): string {
  if (at + ID_BYTES > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  const id = pool.toString("base64url", at, at + ID_BYTES);
  at += ID_BYTES;
  return id;
}
