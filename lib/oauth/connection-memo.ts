// Per keep-alive connection, the client secret it last presented that
// verified, the stored hash and the server key it verified against. A
// resource server introspects over one connection thousands of times a
// second; the same secret against the same stored hash under the same key
// needs no second HMAC (./client-auth.ts still checks the credential row —
// revoked, expired, a new hash — on every request).
// - The secrets are compared in constant time: a proxy's connection may carry
//   several clients' requests.
// - The secret is held in a buffer of its own (not Node's shared pool),
//   zeroed when it is replaced and when the connection closes.
import { timingSafeEqual } from "node:crypto";
import type { Socket } from "node:net";

type Memo = { secret: Buffer; hash: string; keyId: string };

const verifiedOn = new WeakMap<Socket, Memo>();

/** Did this connection present exactly this secret, verified against this stored hash under this key? */
export function verifiedBefore(connection: Socket, secret: string, hash: string, keyId: string): boolean {
  const memo = verifiedOn.get(connection);
  if (!memo || memo.hash !== hash || memo.keyId !== keyId) return false;
  const given = Buffer.from(secret);
  return given.length === memo.secret.length && timingSafeEqual(given, memo.secret);
}

/** Remembers a secret that verified on this connection (replacing what it verified before). */
export function rememberVerified(connection: Socket, secret: string, hash: string, keyId: string): void {
  const copy = Buffer.alloc(Buffer.byteLength(secret));
  copy.write(secret);
  const memo = verifiedOn.get(connection);
  if (memo) {
    memo.secret.fill(0);
    Object.assign(memo, { secret: copy, hash, keyId });
    return;
  }
  const fresh: Memo = { secret: copy, hash, keyId };
  verifiedOn.set(connection, fresh);
  connection.once("close", () => {
    fresh.secret.fill(0);
    verifiedOn.delete(connection);
  });
}
