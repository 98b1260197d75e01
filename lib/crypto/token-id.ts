// Token ids (jti) on the hot path: 48 bits of Unix milliseconds, then 96 bits
// from the CSPRNG (the pooled random bytes, ./random-pool.ts), base64url.
// Time first, so ids made close together share their leading characters and
// the Token table's unique index on jti takes them on the same few pages: a
// random id would land each grant's insert on a random page of that index,
// which the commit writes out whole, and which falls out of the page cache as
// the table grows. The time is no secret (the token says iat); 96 random bits
// keep two ids of the same millisecond from colliding (RFC 7519 §4.1.7).
import { takeRandom } from "./random-pool";

const bytes = Buffer.alloc(18);

export function newTokenId(now = Date.now()): string {
  bytes.writeUIntBE(now, 0, 6);
  takeRandom(12).copy(bytes, 6);
  return bytes.toString("base64url");
}
