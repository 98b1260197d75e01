// Secrets are shown once and stored only as hashes. A secret carries a
// recognisable, non-secret prefix used to find its row.
//
// Two kinds of hash, chosen by what the secret is:
// - Machine secrets (client secrets "pmt_sec_", provisioning keys "pmt_key_",
//   API tokens "pmt_api_") are 256 bits from the CSPRNG: nothing to guess, so
//   a slow hash buys nothing. They are stored as a keyed hash, HMAC-SHA-256
//   under a key derived with HKDF from the server's key secret
//   (PERIMETER_KEY_SECRET, else NEXTAUTH_SECRET), compared in constant time:
//   "$hmac-sha256$k=<key id>$<mac>". A database dump alone verifies nothing;
//   a different server key fails closed (the key id no longer matches).
//   Verifying costs a few microseconds where argon2id costs ~15-30 ms.
// - Human passwords (low entropy) stay argon2id (memory-hard).
// Machine secrets hashed with argon2id before this (or where no key secret is
// configured, e.g. a seed run without one) still verify, and the caller
// stores the keyed hash returned as `upgrade` on their next successful use.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { env } from "../env";

export type SecretKind = "sec" | "key" | "api";

export type NewSecret = { prefix: string; secret: string; hash: string };

/** The server-side key of the keyed hashes, and its public id (which key a stored hash was made with). */
export type MachineKey = { id: string; key: Buffer };

const KEYED = "$hmac-sha256$";
const derived = new Map<string, MachineKey>();

/** The keyed-hash key derived from a key secret (HKDF, its own purpose: it opens nothing sealed). */
export function machineKey(keySecret: string): MachineKey {
  let k = derived.get(keySecret);
  if (!k) {
    const key = Buffer.from(hkdfSync("sha256", keySecret, "perimeter", "perimeter machine secrets v1", 32));
    // the id is a MAC of a constant: it names the key without revealing it
    k = { id: createHmac("sha256", key).update("key id").digest("base64url").slice(0, 12), key };
    if (derived.size > 8) derived.clear();
    derived.set(keySecret, k);
  }
  return k;
}

/** The configured server key; null when there is no key secret (hashes fall back to argon2id). */
export function serverMachineKey(): MachineKey | null {
  let e;
  try {
    e = env();
  } catch {
    return null;
  }
  const secret = e.PERIMETER_KEY_SECRET ?? e.NEXTAUTH_SECRET;
  return secret ? machineKey(secret) : null;
}

const mac = (secret: string, k: MachineKey) => createHmac("sha256", k.key).update(secret).digest();

/** The keyed hash of a machine secret. */
export function keyedHash(secret: string, k: MachineKey): string {
  return `${KEYED}k=${k.id}$${mac(secret, k).toString("base64url")}`;
}

export const isKeyedHash = (stored: string) => stored.startsWith(KEYED);

/** Stored keyed hashes, parsed once: the hot path checks the same few thousand on every request. */
const parsed = new Map<string, { keyId: string; mac: Buffer } | null>();

function parsedKeyedHash(stored: string): { keyId: string; mac: Buffer } | null {
  let p = parsed.get(stored);
  if (p === undefined) {
    const rest = stored.slice(KEYED.length);
    const dollar = rest.indexOf("$");
    p = dollar < 0 || !rest.startsWith("k=") ? null : { keyId: rest.slice(2, dollar), mac: Buffer.from(rest.slice(dollar + 1), "base64url") };
    if (parsed.size >= 50_000) parsed.clear();
    parsed.set(stored, p);
  }
  return p;
}

/**
 * Checks a machine secret against a keyed hash, synchronously and in constant
 * time; false when it was made with another key (fail closed). null when the
 * stored hash is not a keyed hash (argon2id: use verifyMachineSecret).
 */
export function checkKeyedHash(secret: string, stored: string, k: MachineKey | null): boolean | null {
  if (!isKeyedHash(stored)) return null;
  if (!k) return false;
  const p = parsedKeyedHash(stored);
  if (!p || p.keyId !== k.id) return false;
  const expected = p.mac;
  const actual = mac(secret, k);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export async function newSecret(kind: SecretKind, k: MachineKey | null = serverMachineKey()): Promise<NewSecret> {
  const prefix = `pmt_${kind}_${randomBytes(6).toString("hex")}`;
  const secret = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { prefix, secret, hash: k ? keyedHash(secret, k) : await hashSecret(secret) };
}

/** "pmt_sec_0a1b2c3d4e5f_…" -> "pmt_sec_0a1b2c3d4e5f" */
export function prefixOf(secret: string): string | null {
  const m = /^(pmt_(?:sec|key|api)_[0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(secret);
  return m ? m[1]! : null;
}

/** argon2id: for human passwords (and machine secrets only where no server key is configured). */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret);
}

/**
 * A machine secret against its stored hash. `upgrade` is the keyed hash to
 * store instead when an argon2id hash verified and a server key is configured.
 */
export async function verifyMachineSecret(secret: string, stored: string, k: MachineKey | null = serverMachineKey()): Promise<{ ok: boolean; upgrade: string | null }> {
  const keyed = checkKeyedHash(secret, stored, k);
  if (keyed !== null) return { ok: keyed, upgrade: null };
  const ok = await argon2Verify(secret, stored);
  return { ok, upgrade: ok && k ? keyedHash(secret, k) : null };
}

async function argon2Verify(secret: string, stored: string): Promise<boolean> {
  if (!stored.startsWith("$argon2")) return false;
  try {
    return await verify(stored, secret);
  } catch {
    return false;
  }
}

/** Any stored hash (a password's argon2id, or a machine secret's keyed hash under the server key). */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const keyed = checkKeyedHash(secret, stored, serverMachineKey());
  return keyed ?? argon2Verify(secret, stored);
}
