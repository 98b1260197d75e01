// RS256 compact JWS signed on libuv's threadpool (crypto.sign with a
// callback), not on the event loop: an RSA-2048 signature costs ~0.6 ms of
// CPU, the largest cost of a grant, and jose signs synchronously on the main
// thread. Off it, grants use both cores and the event loop stays free for
// introspection and decisions. The output is the JWS jose would produce
// (RFC 7515 compact serialisation, RSASSA-PKCS1-v1_5 with SHA-256).
import { sign } from "node:crypto";
import type { SigningKey } from "./key-store";

const headers = new Map<string, string>();

const b64u = (s: string) => Buffer.from(s).toString("base64url");

export function signJwt(key: Pick<SigningKey, "kid" | "keyObject">, payload: object, typ = "at+jwt"): Promise<string> {
  let header = headers.get(`${key.kid} ${typ}`);
  if (!header) {
    header = b64u(JSON.stringify({ alg: "RS256", kid: key.kid, typ }));
    if (headers.size > 16) headers.clear();
    headers.set(`${key.kid} ${typ}`, header);
  }
  const input = `${header}.${b64u(JSON.stringify(payload))}`;
  return new Promise((resolve, reject) => {
    sign("sha256", Buffer.from(input), key.keyObject, (err, sig) => (err ? reject(err) : resolve(`${input}.${sig.toString("base64url")}`)));
  });
}
