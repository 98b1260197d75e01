// How instances tell each other that OAuth state moved (revocations, signing
// keys, trusted issuers, credentials: a client secret, an API token or a
// client's status changed, so cached verifications must go). The writer, inside its transaction, stamps a
// Setting row "oauth.signal.<kind>" with a fresh nonce and, on PostgreSQL,
// NOTIFYs (delivered at commit). Every instance LISTENs on PostgreSQL and
// also polls the stamps: every 200 ms on SQLite (where that is the signal),
// every 2 s on PostgreSQL (a fallback for a dropped LISTEN connection).
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Db, Tx } from "../db/client";
import type { Provider } from "../db/provider";

export type SignalKind = "revocations" | "keys" | "issuers" | "credentials";
export const signalKinds: SignalKind[] = ["revocations", "keys", "issuers", "credentials"];

export const REVOCATION_CHANNEL = "perimeter_revocations";
export const CONFIG_CHANNEL = "perimeter_oauth_config";
// credentials ride with revocations: both withdraw access that was granted
const channelOf = (kind: SignalKind) => (kind === "revocations" || kind === "credentials" ? REVOCATION_CHANNEL : CONFIG_CHANNEL);
const settingKey = (kind: SignalKind) => `oauth.signal.${kind}`;

export { providerOfDb } from "../db/provider";

/** Raises a signal inside the caller's write transaction. */
export async function raiseSignal(tx: Tx, provider: Provider, kind: SignalKind): Promise<void> {
  const value = `${Date.now()}-${randomBytes(6).toString("hex")}`;
  await tx.setting.upsert({ where: { key: settingKey(kind) }, create: { key: settingKey(kind), value }, update: { value } });
  if (provider === "postgres") await tx.$executeRawUnsafe(`SELECT pg_notify($1, $2)`, channelOf(kind), kind);
}

export type SignalListener = { stop(): Promise<void>; /** the LISTEN connection is up (always true on SQLite, which polls) */ connected(): boolean };

/** Calls onSignal(kind) whenever another writer (or this one) raises a signal. */
export function listenForSignals(opts: {
  db: Db;
  provider: Provider;
  url: string;
  onSignal: (kind: SignalKind) => void;
  pollMs?: number;
  /** reads the stamps (default: raw SQL through Prisma) */
  poll?: () => Promise<{ key: string; value: string }[]>;
}): SignalListener {
  const { db, provider, url, onSignal } = opts;
  let stopped = false;
  const seen = new Map<string, string>();
  let polling = false;
  let primed = false;

  const poll = async () => {
    if (polling || stopped) return;
    polling = true;
    try {
      // raw SQL: this runs 5 times a second and needs no query planning
      const rows = opts.poll ? await opts.poll() : await db.$queryRawUnsafe<{ key: string; value: string }[]>(`SELECT "key", "value" FROM "Setting" WHERE "key" LIKE 'oauth.signal.%'`);
      for (const row of rows) {
        const before = seen.get(row.key);
        seen.set(row.key, row.value);
        if (primed && before !== row.value) onSignal(row.key.slice("oauth.signal.".length) as SignalKind);
      }
      primed = true;
    } catch {
      // the database is briefly unavailable: the next poll catches up
    } finally {
      polling = false;
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), opts.pollMs ?? (provider === "postgres" ? 2_000 : 200));
  timer.unref();

  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let listening = false;
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    const again = () => {
      if (stopped || client !== c) return;
      client = null;
      listening = false;
      c.end().catch(() => {});
      retry = setTimeout(() => void connect(), 1_000);
      retry.unref();
    };
    c.on("error", again);
    c.on("end", again);
    c.on("notification", (msg) => {
      const kind = msg.payload as SignalKind;
      if (signalKinds.includes(kind)) onSignal(kind);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${REVOCATION_CHANNEL}`);
      await c.query(`LISTEN ${CONFIG_CHANNEL}`);
      if (client === c) listening = true;
      // whatever happened while we were not listening
      for (const k of signalKinds) onSignal(k);
    } catch {
      again();
    }
  };
  if (provider === "postgres") void connect();

  return {
    connected: () => provider !== "postgres" || listening,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
