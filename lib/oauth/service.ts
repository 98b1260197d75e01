// The token service of one process: its in-memory state (signing keys,
// revoked jtis, trusted issuers, rate limits, the credential index, verified
// API tokens, the group-commit journal of token rows and hot-path audit
// events, batched decision counts) and the timers that keep it in step with
// the database and with the other instances.
import type { ReadModel } from "../access/read-model";
import { processFollower } from "../access/cache";
import { CatalogFollower } from "../access/follower";
import type { Actor as AuditActor } from "../audit/append";
import { prismaApiTokens, type ApiTokenSource, type VerifiedApiToken } from "../auth/api-tokens";
import type { Db } from "../db/client";
import type { Provider } from "../db/provider";
import { DecisionRecorder } from "../decisions/stats";
import type { AccessClaims } from "./access-tokens";
import { serverMachineKey, type MachineKey } from "../crypto/secrets";
import { createLimiter, openLimitStore, parseTrustedProxies, type Limiter, type TrustedProxies } from "../rate-limit";
import type { CredentialEntry } from "./client-auth";
import { HotJournal, type JournalOptions } from "./journal";
import { openJournalStore, type JournalStore } from "./journal-store";
import { KeyStore } from "./key-store";
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
  /** the rate limits' window (default 2 s: a window holds twice the rate per second, the burst) */
  rateWindowSeconds?: number;
  /** PERIMETER_TRUSTED_PROXIES: proxies whose X-Forwarded-For names the client */
  trustedProxies?: string;
  /** REDIS_URL: rate-limit budgets in Redis (else PostgreSQL's on PostgreSQL, else per process) */
  redisUrl?: string | null;
  journal?: JournalOptions;
  /** the keyed-hash key of machine secrets; by default the server's (from PERIMETER_KEY_SECRET, else NEXTAUTH_SECRET, as newSecret uses) */
  machineKey?: MachineKey | null;
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
   * `fresh` is kept for callers and changes nothing: within one request every
   * call is fenced alike (a change committed after the request arrived may or
   * may not be seen).
   */
  readModel: (fresh?: boolean) => Promise<ReadModel>;
  /** readModel() without waiting, where the committed version can be read synchronously (SQLite); else null: the hot path's synchronous shortcut */
  modelNow: () => ReadModel | null;
  /**
   * After readModel(): null when the revocation set holds every revocation the
   * fence saw committed; else a promise that resolves once it does (one read
   * of the revoked tokens, shared). Inspections await it before answering.
   */
  revocationsFenced: () => Promise<void> | null;
  /** what keeps the read model current (deltas, rebuilds, the fence) */
  catalog: CatalogFollower;
  keys: KeyStore;
  revocations: RevocationSet;
  issuers: IssuerCache;
  /** token rows and hot-path audit events, group-committed: write() resolves once durable */
  journal: HotJournal;
  /** raw SQL on the journal's own connection, off the event loop on SQLite */
  store: JournalStore;
  decisions: DecisionRecorder;
  limits: { client: Limiter; address: Limiter };
  trustedProxies: TrustedProxies;
  /** the keyed-hash key of machine secrets (null: no key secret, argon2id only) */
  machineKey: MachineKey | null;
  /**
   * Credential rows by prefix (client secrets, provisioning keys): the hash is
   * verified on every request, the row read from the database at most every
   * few seconds; cleared on every instance when a credential or a client's status changes.
   */
  credentials: TtlCache<CredentialEntry | null>;
  /**
   * API tokens verified recently, by SHA-256 of the secret (introspection,
   * decisions); never past their own expiry, and cleared on every instance
   * when a credential, API token or client status changes.
   */
  verified: { apiTokens: TtlCache<VerifiedApiToken | null>; tokens: Map<string, { token: string; claims: AccessClaims }> };
  /** jtis of client assertions already used (private_key_jwt replay), with their expiry */
  assertionJtis: Map<string, number>;
  /** credential id -> last use (epoch ms: no Date per request), written in batches */
  credentialUse: Map<string, number>;
  /** API tokens as the machine endpoints verify them: raw SQL on the journal's connection (off the event loop on SQLite), last use batched */
  apiTokens: ApiTokenSource;
  /**
   * Replaces a verified legacy (argon2id) hash by the keyed hash of the same
   * secret: the same credential, re-encoded, not a catalog change; conditional
   * on the hash read, so a concurrent rotation wins.
   */
  upgradeCredentialHash(id: string, from: string, to: string): Promise<void>;
  /** writes what is batched (audit, decision counts, credential use) */
  flush(): Promise<void>;
  /** which of this instance's LISTEN connections are down (PostgreSQL; none on SQLite, which polls): readiness (../ops/health.ts) */
  listenersDown(): string[];
  stop(): Promise<void>;
};

export const serviceActor: AuditActor = { id: null, label: "system:token-service" };

/** How long a verified API token, or a credential row, is kept without reading the database again. */
export const VERIFIED_TTL_MS = 5_000;

export async function startTokenService(opts: TokenServiceOptions): Promise<TokenService> {
  const { db } = opts;
  const provider = providerOfDb(db);
  const keys = new KeyStore(db, opts.keySecret, (opts.rotationHours ?? 168) * 3_600_000);
  const revocations = new RevocationSet(db);
  const issuers = new IssuerCache(db);
  // its own connection (SQLite: a writer thread): token rows and audit batches, and the periodic reads and writes below
  const store = openJournalStore(opts.url);
  const journal = new HotJournal(store, opts.journal);
  const decisions = new DecisionRecorder(db);
  const limitStore = openLimitStore({ databaseUrl: opts.url, redisUrl: opts.redisUrl });
  // bursts: a window of two seconds holds twice the rate
  const window = opts.rateWindowSeconds ?? 2;
  const limits = {
    client: createLimiter(limitStore.store, { name: "token-client", points: Math.round(window * (opts.ratePerClient ?? 20)), durationSeconds: window }),
    address: createLimiter(limitStore.store, { name: "token-address", points: Math.round(window * (opts.ratePerAddress ?? 100)), durationSeconds: window }),
  };
  const credentialUse = new Map<string, number>();
  const apiTokenUse = new Map<string, Date>();
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  let listener: SignalListener | null = null;

  // last-use times of credentials and API tokens: recorded in batches, not per request
  const flushCredentialUse = async () => {
    const credentials = [...credentialUse].map(([id, at]): [string, Date] => [id, new Date(at)]);
    const apiTokens = [...apiTokenUse];
    credentialUse.clear();
    apiTokenUse.clear();
    await store.touchLastUsed("Credential", credentials).catch(() => {});
    await store.touchLastUsed("ApiToken", apiTokens).catch(() => {});
  };
  const flush = async () => {
    await journal.flush();
    await decisions.flush();
    await flushCredentialUse();
  };

  const endOf = (v: { expiresAt: number | null } | null) => v?.expiresAt ?? null;
  const forgetVerified = () => {
    svc.verified.apiTokens.clear();
    svc.credentials.clear();
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
    revocationsFenced: () => {
      // a service given its own readModel has no fence to follow (tests, the unfenced bench baseline)
      const seq = opts.readModel ? 0 : catalog.committedRevocations();
      return seq > revocations.syncedSeq ? revocations.syncTo(seq) : null;
    },
    catalog,
    keys,
    revocations,
    issuers,
    journal,
    store,
    decisions,
    limits,
    trustedProxies: parseTrustedProxies(opts.trustedProxies),
    machineKey: opts.machineKey === undefined ? serverMachineKey() : opts.machineKey,
    credentials: new TtlCache<CredentialEntry | null>(VERIFIED_TTL_MS, 50_000, endOf),
    verified: { apiTokens: new TtlCache<VerifiedApiToken | null>(VERIFIED_TTL_MS, 10_000, endOf), tokens: new Map() },
    assertionJtis: new Map(),
    credentialUse,
    // the console's upgrade (rare: a legacy hash once), the row and last use off the event loop
    apiTokens: { ...prismaApiTokens(db), byPrefix: (prefix) => store.apiTokenByPrefix(prefix), used: (id, at) => void apiTokenUse.set(id, at) },
    async upgradeCredentialHash(id, from, to) {
      await db.credential.updateMany({ where: { id, hash: from }, data: { hash: to } });
    },
    flush,
    listenersDown() {
      if (opts.passive) return [];
      const down: string[] = [];
      if (stopFollowing && !catalog.listening()) down.push("catalog");
      if (listener && !listener.connected()) down.push("revocations");
      return down;
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      unsubscribe();
      await listener?.stop();
      await stopFollowing?.();
      if (opts.isolated && !opts.catalog) await catalog.close();
      await flush().catch(() => {});
      await journal.close().catch(() => {});
      await limitStore.close().catch(() => {});
    },
  };

  await Promise.all([limits.client.ready, limits.address.ready]).catch((e: unknown) =>
    console.warn(`rate limits: the shared store is not ready (${e instanceof Error ? e.message : e}); each instance limits on its own until it is`),
  );
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
      // raw SQL on the journal's connection: 5 times a second on SQLite, never on the event loop
      poll: () => store.signalStamps(),
      onSignal: (kind) => {
        if (kind === "revocations") void revocations.sync().catch(() => {});
        else if (kind === "credentials") forgetVerified();
        else if (kind === "keys") void keys.reload().catch(() => {});
        else void issuers.reload().catch(() => {});
      },
    });
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
