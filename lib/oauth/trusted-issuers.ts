// Trusted OIDC issuers for token exchange (RFC 8693): an issuer URL, the
// audience its tokens must carry, and its keys (a JWKS, or a JWKS URL fetched
// and cached by jose). Managed by admins as settings (not catalog objects),
// audited, and signalled to every instance.
import { createLocalJWKSet, createRemoteJWKSet, importJWK, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { appendAudit, type Actor } from "../audit/append";
import { identifier } from "../catalog/schemas";
import { transaction, type Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { defaultAlg } from "./client-keys";
import { providerOfDb, raiseSignal } from "./signals";
import { text, url } from "../validation/text";

const jwksSchema = z.object({
  keys: z
    .array(
      z
        .record(text(), z.unknown())
        .refine((k) => typeof k.kty === "string", "each key needs a kty")
        .refine((k) => !("d" in k) && !("k" in k), "publish public keys only"),
    )
    .min(1, "needs at least one key")
    .max(50),
});

export const trustedIssuerInput = z
  .object({
    name: identifier,
    issuer: url("must be the issuer URL").max(300),
    audience: text().trim().min(1, "is required").max(300),
    jwks: jwksSchema.optional(),
    jwksUri: url("must be a URL").max(500).optional(),
  })
  .refine((v) => !!v.jwks !== !!v.jwksUri, { path: ["jwks"], message: "give the issuer's keys as jwks or as jwksUri (one of them)" });

export type TrustedIssuerView = { id: string; name: string; issuer: string; audience: string; jwksUri: string | null; keys: number; createdAt: Date };

const view = (r: { id: string; name: string; issuer: string; audience: string; jwks: string | null; jwksUri: string | null; createdAt: Date }): TrustedIssuerView => ({
  id: r.id,
  name: r.name,
  issuer: r.issuer,
  audience: r.audience,
  jwksUri: r.jwksUri,
  keys: r.jwks ? (JSON.parse(r.jwks) as JSONWebKeySet).keys.length : 0,
  createdAt: r.createdAt,
});

export async function listTrustedIssuers(db: Db): Promise<TrustedIssuerView[]> {
  return (await db.trustedIssuer.findMany({ orderBy: { name: "asc" } })).map(view);
}

/** `now`: when it is registered (the demo seed replays a past history). */
export async function createTrustedIssuer(db: Db, actor: Actor, input: unknown, now = new Date()): Promise<TrustedIssuerView> {
  const parsed = trustedIssuerInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const data = parsed.data;
  const issuer = data.issuer.replace(/\/+$/, "");
  if (data.jwks) {
    for (const [i, k] of data.jwks.keys.entries()) {
      const alg = defaultAlg(k as never);
      try {
        if (!alg) throw new Error("unsupported");
        await importJWK(k as never, alg);
      } catch {
        throw AppError.field(`jwks.keys.${i}`, "is not a usable public key (RSA, EC P-256/384/521 or Ed25519)");
      }
    }
  }
  const provider = providerOfDb(db);
  return transaction(db, async (tx) => {
    if (await tx.trustedIssuer.findUnique({ where: { name: data.name } })) throw new AppError("conflict", `name: "${data.name}" is already taken`, [{ field: "name", message: "is already taken" }]);
    if (await tx.trustedIssuer.findUnique({ where: { issuer } })) throw new AppError("conflict", `issuer: ${issuer} is already trusted`, [{ field: "issuer", message: "is already trusted" }]);
    const row = await tx.trustedIssuer.create({
      data: { name: data.name, issuer, audience: data.audience, jwks: data.jwks ? JSON.stringify(data.jwks) : null, jwksUri: data.jwksUri ?? null, createdAt: now, updatedAt: now },
    });
    await raiseSignal(tx, provider, "issuers");
    const v = view(row);
    await appendAudit(tx, actor, [{ action: "trustedIssuer.created", targetType: "trustedIssuer", targetId: row.id, targetName: row.name, after: { issuer, audience: row.audience, jwksUri: row.jwksUri, keys: v.keys } }], now);
    return v;
  });
}

export async function deleteTrustedIssuer(db: Db, actor: Actor, id: string): Promise<TrustedIssuerView> {
  const provider = providerOfDb(db);
  return transaction(db, async (tx) => {
    const row = await tx.trustedIssuer.findUnique({ where: { id } });
    if (!row) throw new AppError("not_found", `trusted issuer ${id} does not exist`);
    await tx.trustedIssuer.delete({ where: { id } });
    await raiseSignal(tx, provider, "issuers");
    await appendAudit(tx, actor, [{ action: "trustedIssuer.deleted", targetType: "trustedIssuer", targetId: row.id, targetName: row.name, before: { issuer: row.issuer, audience: row.audience } }]);
    return view(row);
  });
}

export type LoadedIssuer = { issuer: string; audience: string; getKey: JWTVerifyGetKey };

/** This process's trusted issuers, by issuer URL; reloaded on a signal and (throttled) on a miss. */
export class IssuerCache {
  private issuers = new Map<string, LoadedIssuer>();
  private remote = new Map<string, JWTVerifyGetKey>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  async get(issuer: string): Promise<LoadedIssuer | undefined> {
    const key = issuer.replace(/\/+$/, "");
    const hit = this.issuers.get(key);
    if (hit) return hit;
    if (Date.now() - this.loadedAt > 1_000) await this.reload();
    return this.issuers.get(key);
  }

  reload(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load() {
    const rows = await this.db.trustedIssuer.findMany();
    const next = new Map<string, LoadedIssuer>();
    for (const r of rows) {
      let getKey: JWTVerifyGetKey;
      if (r.jwks) getKey = createLocalJWKSet(JSON.parse(r.jwks) as JSONWebKeySet);
      else {
        const uri = r.jwksUri!;
        getKey = this.remote.get(uri) ?? createRemoteJWKSet(new URL(uri), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
        this.remote.set(uri, getKey);
      }
      next.set(r.issuer, { issuer: r.issuer, audience: r.audience, getKey });
    }
    this.issuers = next;
    this.loadedAt = Date.now();
  }
}
