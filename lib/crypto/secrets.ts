// Secrets are shown once and stored as argon2id hashes (memory-hard). A secret
// carries a recognisable, non-secret prefix used to find its row.
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

export type SecretKind = "sec" | "key" | "api";

export type NewSecret = { prefix: string; secret: string; hash: string };

export async function newSecret(kind: SecretKind): Promise<NewSecret> {
  const prefix = `pmt_${kind}_${randomBytes(6).toString("hex")}`;
  const secret = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { prefix, secret, hash: await hashSecret(secret) };
}

/** "pmt_sec_0a1b2c3d4e5f_…" -> "pmt_sec_0a1b2c3d4e5f" */
export function prefixOf(secret: string): string | null {
  const m = /^(pmt_(?:sec|key|api)_[0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(secret);
  return m ? m[1]! : null;
}

export function hashSecret(secret: string): Promise<string> {
  return hash(secret);
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  try {
    return await verify(stored, secret);
  } catch {
    return false;
  }
}
