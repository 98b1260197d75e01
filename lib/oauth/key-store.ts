// Signing keys for access tokens (RS256). The private JWK is stored as a
// compact JWE (alg "dir", enc "A256GCM") under a key derived with HKDF from
// PERIMETER_KEY_SECRET (or NEXTAUTH_SECRET), and wiped when the key retires.
// A retired key's public JWK stays published until every token it signed has
// expired. Keys rotate on a schedule and on demand; rotation is serialised in
// the database, so several instances never activate two keys at once.
import { createPrivateKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { appendAudit, type Actor } from "../audit/append";
import { seal, unseal } from "../crypto/seal";
import { transaction, type Db } from "../db/client";
import { setActiveSigningKey } from "./jwt-sign";
import { providerOfDb, raiseSignal } from "./signals";

export const SIGNING_ALG = "RS256";
/** The longest lifetime any profile may give a token (lib/catalog/schemas.ts). */
export const MAX_TOKEN_LIFETIME_SECONDS = 86_400;
/** A retired key stays published this long past the longest token lifetime (clock skew). */
const PUBLISH_MARGIN_MS = 5 * 60_000;

const SEAL_PURPOSE = "perimeter signing keys v1";

export function sealPrivateJwk(jwk: JWK, secret: string): Promise<string> {
  return seal(JSON.stringify(jwk), secret, SEAL_PURPOSE, "jwk+json");
}

export async function openPrivateJwk(jwe: string, secret: string): Promise<JWK> {
  return JSON.parse(await unseal(jwe, secret, SEAL_PURPOSE)) as JWK;
}

/** The active private key: as jose's key, and as a KeyObject for the signing threads (./jwt-sign.ts). */
export type SigningKey = { kid: string; key: CryptoKey; keyObject: KeyObject; activatedAt: Date };

type ActiveKey = { id: string; kid: string; activatedAt: Date | null };

export type RotateOptions = {
  secret: string;
  actor: Actor;
  reason: string;
  now?: Date;
  /** rotate only when this holds for the active key (or its absence), checked under the lock */
  onlyIf?: (active: ActiveKey | null) => boolean;
};

/** Activates a new key and retires the active one. Returns the new kid, or null when onlyIf declined. */
export async function rotateSigningKey(db: Db, opts: RotateOptions): Promise<{ kid: string; retired: string[] } | null> {
  const now = opts.now ?? new Date();
  // Key generation is slow (RSA); do it before taking the lock.
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true, modulusLength: 2048 });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk, "sha256");
  const pub = { ...publicJwk, kid, alg: SIGNING_ALG, use: "sig" };
  const sealed = await sealPrivateJwk({ ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG }, opts.secret);
  const provider = providerOfDb(db);
  return transaction(db, async (tx) => {
    // The signal row doubles as the rotation lock (a row lock on PostgreSQL; SQLite's write lock).
    await raiseSignal(tx, provider, "keys");
    const active = await tx.signingKey.findMany({
      where: { activatedAt: { not: null }, retiredAt: null },
      orderBy: { activatedAt: "desc" },
      select: { id: true, kid: true, activatedAt: true },
    });
    if (opts.onlyIf && !opts.onlyIf(active[0] ?? null)) return null;
    const expiresAt = new Date(now.getTime() + MAX_TOKEN_LIFETIME_SECONDS * 1000 + PUBLISH_MARGIN_MS);
    if (active.length) {
      await tx.signingKey.updateMany({ where: { id: { in: active.map((k) => k.id) } }, data: { retiredAt: now, expiresAt, privateJwk: "" } });
    }
    await tx.signingKey.create({ data: { kid, alg: SIGNING_ALG, publicJwk: JSON.stringify(pub), privateJwk: sealed, activatedAt: now } });
    const retired = active.map((k) => k.kid);
    await appendAudit(
      tx,
      opts.actor,
      [{ action: "signingKey.rotated", targetType: "signingKey", targetId: kid, targetName: kid, before: retired.length ? { kids: retired } : null, after: { kid, alg: SIGNING_ALG, reason: opts.reason } }],
      now,
    );
    return { kid, retired };
  });
}

/** The published keys (public parts), for /oauth/jwks and the console. */
export async function listSigningKeys(db: Db, now = new Date()) {
  const rows = await db.signingKey.findMany({
    where: { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: "desc" },
    select: { kid: true, alg: true, publicJwk: true, createdAt: true, activatedAt: true, retiredAt: true, expiresAt: true },
  });
  return rows.map((r) => ({ ...r, publicJwk: JSON.parse(r.publicJwk) as JWK, status: r.retiredAt ? "retired" : r.activatedAt ? "active" : "pending" }));
}

/**
 * This process's view of the keys: the active private key for signing, every
 * published public key for verifying, and the JWKS document. Reloaded on a
 * signal, every 30 s, and when a token names an unknown kid (at most once a second).
 */
export class KeyStore {
  private signing: SigningKey | null = null;
  private verifying = new Map<string, CryptoKey>();
  private jwks = '{"keys":[]}';
  private loadedAt = 0;
  private loading: Promise<void> | null = null;
  private readonly unknown = new Map<string, number>();
  private lastError: string | null = null;
  /** the active key this instance could not decrypt (another secret stored it) */
  private undecryptableKid: string | null = null;

  constructor(
    private readonly db: Db,
    /** null when no key secret is configured: verification works, signing does not */
    private readonly secret: string | null,
    private readonly rotationMs: number,
  ) {}

  get jwksBody(): string {
    return this.jwks;
  }

  /** Why signing is unavailable, if it is. */
  get signingError(): string | null {
    if (!this.secret) return "no key secret is configured (set PERIMETER_KEY_SECRET or NEXTAUTH_SECRET)";
    return this.signing ? null : (this.lastError ?? "no active signing key");
  }

  signingKey(): SigningKey | null {
    return this.signing;
  }

  async verificationKey(kid: string | undefined): Promise<CryptoKey | undefined> {
    if (!kid) return undefined;
    const key = this.verifying.get(kid);
    if (key) return key;
    // A kid we do not know: maybe another instance just rotated. Look it up,
    // but not for a kid we looked up in vain moments ago (random kids).
    const now = Date.now();
    const missed = this.unknown.get(kid);
    if (missed && now - missed < 5_000) return undefined;
    if (this.loading) await this.loading;
    else if (now - this.loadedAt > 100) await this.reload();
    const found = this.verifying.get(kid);
    if (!found) {
      if (this.unknown.size > 1_000) this.unknown.clear();
      this.unknown.set(kid, now);
    }
    return found;
  }

  reload(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const now = new Date();
    const rows = await this.db.signingKey.findMany({
      where: { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      orderBy: { activatedAt: "desc" },
    });
    const verifying = new Map<string, CryptoKey>();
    const published: JWK[] = [];
    for (const r of rows) {
      const jwk = JSON.parse(r.publicJwk) as JWK;
      const existing = this.verifying.get(r.kid);
      verifying.set(r.kid, existing ?? ((await importJWK(jwk, r.alg)) as CryptoKey));
      published.push(jwk);
    }
    const active = rows.find((r) => r.activatedAt && !r.retiredAt && r.privateJwk);
    let signing = this.signing;
    if (!active) signing = null;
    else if (signing?.kid !== active.kid && this.secret) {
      try {
        const jwk = await openPrivateJwk(active.privateJwk, this.secret);
        signing = {
          kid: active.kid,
          key: (await importJWK(jwk, active.alg)) as CryptoKey,
          keyObject: createPrivateKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" }),
          activatedAt: active.activatedAt!,
        };
        this.lastError = null;
        this.undecryptableKid = null;
      } catch {
        signing = null;
        this.undecryptableKid = active.kid;
        this.lastError = `the private key ${active.kid} cannot be decrypted: PERIMETER_KEY_SECRET (or NEXTAUTH_SECRET) differs from the one it was stored with`;
      }
    }
    this.verifying = verifying;
    this.jwks = JSON.stringify({ keys: published });
    // the signing threads may keep the active key only; a retired one they drop
    if (this.signing !== signing) setActiveSigningKey(signing?.kid ?? null);
    this.signing = signing;
    this.loadedAt = Date.now();
  }

  /**
   * Makes sure a usable key is active: rotates when there is none, when it is
   * older than the rotation period, or when this instance cannot decrypt it.
   */
  async ensureActive(actor: Actor): Promise<void> {
    await this.reload();
    if (!this.secret) return;
    const undecryptable = this.undecryptableKid;
    const due = !this.signing || Date.now() - this.signing.activatedAt.getTime() >= this.rotationMs;
    if (!due && !undecryptable) return;
    const current = this.signing?.kid ?? null;
    const rotationMs = this.rotationMs;
    await rotateSigningKey(this.db, {
      secret: this.secret,
      actor,
      reason: undecryptable ? "the active key could not be decrypted" : current ? "scheduled rotation" : "first key",
      onlyIf: (active) =>
        !active || !active.activatedAt || Date.now() - active.activatedAt.getTime() >= rotationMs || active.kid === undecryptable,
    });
    await this.reload();
  }
}
