// Row ids that sort by creation time (UUID version 7, RFC 9562 §5.7: 48 bits
// of Unix milliseconds, then random bits). The hot path inserts thousands of
// Token rows a second: a random key (UUIDv4) lands each insert on a random
// page of the primary-key index, which the commit then writes out whole; a
// time-ordered key appends to the last page, shared by the whole batch.
import { takeRandom } from "./random-pool";

const bytes = Buffer.alloc(16);

export function timeOrderedId(now = Date.now()): string {
  takeRandom(10).copy(bytes, 6);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const h = bytes.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
