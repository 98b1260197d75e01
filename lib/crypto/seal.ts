// Sealing small secrets at rest: a compact JWE (alg "dir", enc "A256GCM")
// under a key derived with HKDF from the server's key secret
// (PERIMETER_KEY_SECRET, else NEXTAUTH_SECRET), one derived key per purpose so
// a ciphertext of one kind never opens as another.
import { hkdfSync } from "node:crypto";
import { CompactEncrypt, compactDecrypt } from "jose";

const encoder = new TextEncoder();

/** `purpose` is the HKDF info string; changing it orphans what was sealed under it. */
function keyFor(secret: string, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", encoder.encode(secret), encoder.encode("perimeter"), encoder.encode(purpose), 32));
}

export function seal(plaintext: string, secret: string, purpose: string, contentType?: string): Promise<string> {
  return new CompactEncrypt(encoder.encode(plaintext))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", ...(contentType ? { cty: contentType } : {}) })
    .encrypt(keyFor(secret, purpose));
}

export async function unseal(jwe: string, secret: string, purpose: string): Promise<string> {
  const { plaintext } = await compactDecrypt(jwe, keyFor(secret, purpose), { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] });
  return new TextDecoder().decode(plaintext);
}
