// The token service of one process: its in-memory state (signing keys,
// revoked jtis, trusted issuers, rate limits, verified-credential caches,
// batched audit events and decision counts) and the timers that keep it in
// step with the database and with the other instances.
import type { ReadModel } from "../access/read-model";
import { processFollower } from "../access/cache";
import { CatalogFollower } from "../access/follower";
import type { Actor as AuditActor } from "../audit/append";
import type { VerifiedApiToken } from "../auth/api-tokens";
import type { Db } from "../db/client";
import type { Provider } from "../db/provider";
import { DecisionRecorder } from "../decisions/stats";
import type { AccessClaims } from "./access-tokens";
import { AuditBatcher } from "./audit-batch";
import { KeyStore } from "./key-store";
import { RateLimiter } from "./rate-limit";
import { onLocalCredentialChanges, onLocalRevocations } from "./local-revocations";
import { RevocationSet } from "./revocations";
import { listenForSignals, providerOfDb, type SignalListener } from "./signals";
import { IssuerCache } from "./trusted-issuers";
import { TtlCache } from "./ttl-cache";

export type TokenServiceOptions = {
  db: Db;
  /** the database URL (PostgreSQL: for the LISTEN connection) */
  url: string;
  issuer: string;
  /** null: tokens cannot be signed (verification still works) */
  keySecret: string | null;
  rotationHours?: number;
  ratePerClient?: number;
  ratePerAddress?: number;
  /** the compiled read model (tests pass their own) */
  readModel?: () => Promise<ReadModel>;
  /** what keeps the read model current (benchmarks pass their own; default: the process's, or the instance's own when isolated) */
  catalog?: CatalogFollower;
  /** no timers and no listener (unit tests) */
  passive?: boolean;
  /** ignore revocations committed in this process, as another process would (tests modelling two instances) */
  isolated?: boolean;
};

/** A verified client secret; expiresAt is the credential's own expiry (epoch ms), null when it has none. */
export type VerifiedClient = { clientId: string; clientName: string; clientStatus: string; credentialId: string; expiresAt: number | null };

export type TokenService = {
  db: Db;
  provider: Provider;
  issuer: string;
  tokenEndpoint: string;
  /**
   * The read model, fenced: it has applied every catalog version committed
   * (on any instance) before the call, so no allow comes from a model older
   * than a narrowing committed before the request arrived (../access/follower.ts).
   * `fresh` is kept for callers; every read is fresh.
   */
  readModel: (fresh?: boolean) => Promise<ReadModel>;
  /** readModel() without waiting, where the committed version can be read synchronously (SQLite); else null: the hot path's synchronous shortcut */
  modelNow: () => ReadModel | null;
  /** what keeps the read model current (deltas, rebuilds, the fence) */
  catalog: CatalogFollower;
  keys: KeyStore;
  revocations: RevocationSet;
  issuers: IssuerCache;
  audit: AuditBatcher;
  decisions: DecisionRecorder;
  limits: { client: RateLimiter; address: RateLimiter };
  /**
   * API tokens and client secrets verified recently, by SHA-256 of the secret
   * (introspection, decisions); never past their own expiry, and cleared on
   * every instance when a credential, API token or client status changes.
   */
  verified: { apiTokens: TtlCache<VerifiedApiToken | null>; clients: TtlCache<VerifiedClient | null>; tokens: Map<string, AccessClaims> };
  /** jtis of client assertions already used (private_key_jwt replay), with their expiry */
  assertionJtis: Map<string, number>;
  /** credential id -> last use, written in batches */
  credentialUse: Map<string, Date>;
  /** writes what is batched (audit, decision counts, credential use) */
  flush(): Promise<void>;
  stop(): Promise<void>;
};

export const serviceActor: AuditActor = { id: null, label: "system:token-service" };

/** How long a verified API token or client secret is trusted without argon2 (introspection and decisions). */
export const VERIFIED_TTL_MS = 5_000;

export async function startTokenService(opts: TokenServiceOptions): Promise<TokenService> {
  const { db } = opts;
  const provider = providerOfDb(db);
  const keys = new KeyStore(db, opts.keySecret, (opts.rotationHours ?? 168) * 3_600_000);
  const revocations = new RevocationSet(db);
  const issuers = new IssuerCache(db);
  const audit = new AuditBatcher(db);
  const decisions = new DecisionRecorder(db, audit);
  const credentialUse = new Map<string, Date>();
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  let listener: SignalListener | null = null;

  const flushCredentialUse = async () => {
    const batch = [...credentialUse];
    credentialUse.clear();
    for (const [id, at] of batch) await db.credential.updateMany({ where: { id }, data: { lastUsedAt: at } }).catch(() => {});
  };
  const flush = async () => {
    await decisions.flush();
    await audit.flush();
    await flushCredentialUse();
  };

  const endOf = (v: { expiresAt: number | null } | null) => v?.expiresAt ?? null;
  const forgetVerified = () => {
    svc.verified.apiTokens.clear();
    svc.verified.clients.clear();
  };

  // an isolated service behaves as another instance: its own model, deaf to this process's commits
  const catalog = opts.catalog ?? (opts.isolated ? new CatalogFollower(db, { url: opts.url }) : processFollower(db, opts.url));
  const stopFollowing = opts.passive || opts.readModel ? null : catalog.follow({ url: opts.url, local: !opts.isolated });
  const model = opts.readModel ? { get: opts.readModel, now: () => null } : { get: () => catalog.fenced(), now: () => catalog.fencedNow() };
  const svc: TokenService = {
    db,
    provider,
    issuer: opts.issuer,
    tokenEndpoint: `${opts.issuer}/oauth/token`,
    readModel: model.get,
    modelNow: model.now,
    catalog,
    keys,
    revocations,
    issuers,
    audit,
    decisions,
    limits: { client: new RateLimiter(opts.ratePerClient ?? 20), address: new RateLimiter(opts.ratePerAddress ?? 100) },
    verified: { apiTokens: new TtlCache<VerifiedApiToken | null>(VERIFIED_TTL_MS, 10_000, endOf), clients: new TtlCache<VerifiedClient | null>(VERIFIED_TTL_MS, 10_000, endOf), tokens: new Map() },
    assertionJtis: new Map(),
    credentialUse,
    flush,
    async stop() {
      for (const t of timers) clearInterval(t);
      unsubscribe();
      await listener?.stop();
      await stopFollowing?.();
      if (opts.isolated && !opts.catalog) await catalog.close();
      await flush().catch(() => {});
    },
  };

  await revocations.sync(true);
  await issuers.reload();
  if (opts.keySecret) await keys.ensureActive(serviceActor);
  else await keys.reload();

  if (!opts.passive) {
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => void fn().catch((e: unknown) => console.error("token service:", e instanceof Error ? e.message : e)), ms);
      t.unref();
      timers.push(t);
    };
    // revocations and credential changes committed in this process (console actions, incident API) count at once
    if (!opts.isolated) {
      const offRevocations = onLocalRevocations((rows) => {
        for (const r of rows) revocations.add(r.jti, r.expiresAt.getTime());
      });
      const offCredentials = onLocalCredentialChanges(forgetVerified);
      unsubscribe = () => {
        offRevocations();
        offCredentials();
      };
    }
    listener = listenForSignals({
      db,
      provider,
      url: opts.url,
      onSignal: (kind) => {
        if (kind === "revocations") void revocations.sync().catch(() => {});
        else if (kind === "credentials") forgetVerified();
        else if (kind === "keys") void keys.reload().catch(() => {});
        else void issuers.reload().catch(() => {});
      },
    });
    every(2_000, () => audit.flush());
    every(5_000, async () => {
      await decisions.flush();
      await flushCredentialUse();
    });
    every(30_000, async () => {
      revocations.prune();
      const now = Date.now();
      for (const [jti, exp] of svc.assertionJtis) if (exp <= now) svc.assertionJtis.delete(jti);
      await keys.reload();
      await revocations.sync(true);
    });
    if (opts.keySecret) every(60_000, () => keys.ensureActive(serviceActor));
    // token rows are kept a week past expiry (incident forensics), then purged
    every(3_600_000, () => db.token.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 7 * 86_400_000) } } }));
    every(600_000, () => db.usedAssertion.deleteMany({ where: { expiresAt: { lt: new Date() } } }));
  }
  return svc;
}
