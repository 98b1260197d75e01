// What a catalog commit NOTIFYs on PostgreSQL (./catalog-version.ts): the
// version, and, when it fits, the version's delta itself, so an instance
// applies it from the notification (../access/follower.ts) without a query
// first. The delta is what ./catalog-deltas.ts would read: each operation's
// entity, id and after-snapshot, in order.
//
// Any role that can connect to the database can NOTIFY on any channel, a
// read-only one included. A version alone is harmless (the instance reads what
// is committed), but a delta is believed: so it is MACed (HMAC-SHA-256 under a
// key derived from the server's key secret, which every instance shares) and a
// notice whose MAC does not verify carries no delta; the instance reads the
// database instead. Without a key secret, notices carry the version only.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import type { CatalogChange } from "./read-model";

/** One operation of a version, as stored: `after` is its stored after-snapshot (JSON). */
export type NoticeChange = { entity: string; kind: string; id: string; after: string | null };

export type CatalogNotice = { version: number; delta: { changes: CatalogChange[]; at: string } | null };

/** PostgreSQL's NOTIFY payload limit is 8000 bytes: a larger delta is read from the database. */
export const MAX_NOTICE_BYTES = 7_900;
const PREFIX = "d1.";
const keys = new Map<string, Buffer>();

/** The MAC key of catalog notices: HKDF from the key secret, a purpose of its own. */
function noticeKey(secret: string): Buffer {
  let k = keys.get(secret);
  if (!k) {
    k = Buffer.from(hkdfSync("sha256", secret, "perimeter", "perimeter catalog notices v1", 32));
    if (keys.size > 8) keys.clear();
    keys.set(secret, k);
  }
  return k;
}

/** The configured key secret (PERIMETER_KEY_SECRET, else NEXTAUTH_SECRET), or null. */
function configuredSecret(): string | null {
  try {
    const e = env();
    return e.PERIMETER_KEY_SECRET ?? e.NEXTAUTH_SECRET ?? null;
  } catch {
    return null;
  }
}

const mac = (key: Buffer, body: string) => createHmac("sha256", key).update(body).digest();

/**
 * The payload for a committed version: "d1.<mac>.<json>" when a key is
 * configured and the delta fits, else the version alone. In the delta a
 * delete's snapshot is null; an operation without its after-snapshot sends the
 * version alone (the reader then finds the gap and rebuilds, as it would).
 */
export function noticePayload(version: number, changes: NoticeChange[], at: Date, secret = configuredSecret()): string {
  if (!secret || changes.some((c) => c.kind !== "delete" && c.after === null)) return String(version);
  const body = JSON.stringify({ v: version, at: at.toISOString(), c: changes.map((c) => [c.entity, c.id, c.kind === "delete" ? null : c.after]) });
  const payload = `${PREFIX}${mac(noticeKey(secret), body).toString("base64url")}.${body}`;
  return Buffer.byteLength(payload) <= MAX_NOTICE_BYTES ? payload : String(version);
}

/**
 * What a notification says; null when it names no version. A delta whose MAC
 * fails, or that is malformed, is dropped (the version too: a forged notice
 * names nothing worth believing); the caller then reads the database.
 */
export function readNotice(payload: string, secret = configuredSecret()): CatalogNotice | null {
  if (!payload.startsWith(PREFIX)) {
    const v = Number(payload);
    return Number.isSafeInteger(v) && v > 0 ? { version: v, delta: null } : null;
  }
  const dot = payload.indexOf(".", PREFIX.length);
  if (!secret || dot < 0) return null;
  const body = payload.slice(dot + 1);
  const given = Buffer.from(payload.slice(PREFIX.length, dot), "base64url");
  const expected = mac(noticeKey(secret), body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = JSON.parse(body) as { v: unknown; at: unknown; c: unknown };
    if (!Number.isSafeInteger(parsed.v) || typeof parsed.at !== "string" || !Array.isArray(parsed.c)) return null;
    const changes: CatalogChange[] = [];
    for (const c of parsed.c as unknown[]) {
      if (!Array.isArray(c) || typeof c[0] !== "string" || typeof c[1] !== "string" || (c[2] !== null && typeof c[2] !== "string")) return null;
      changes.push({ entity: c[0], id: c[1], row: c[2] === null ? null : (JSON.parse(c[2]) as CatalogChange["row"]) });
    }
    return { version: parsed.v as number, delta: { changes, at: parsed.at } };
  } catch {
    return null;
  }
}
