// RS256 compact JWS, signed off the event loop: an RSA-2048 signature costs
// ~0.25 ms of CPU, the largest cost of a grant. The output is the JWS jose
// would produce (RFC 7515 compact serialisation, RSASSA-PKCS1-v1_5 with
// SHA-256).
//
// On signing threads of their own (./sign-worker.mjs), one per core and one
// more: the event loop and the journal's writer share the cores, and a spare
// thread keeps a signature ready whenever a core frees (bench/token-peer.ts on
// 2 cores, with the journal's commit delay: 1.02x oidc-provider's grants/s
// in two runs with three threads, 0.97-0.98x with two). Each is
// handed the next signature by the least busy: not on libuv's threadpool,
// whose 4 threads on 2 cores let a burst of signatures crowd the journal's
// writer thread off the cores (every grant waits for its commit), and which
// also runs argon2id, DNS lookups and fs, any of which could hold every thread
// that signs. A thread keeps the active key (the key store names it:
// setActiveSigningKey) once handed it (a reference, not a copy), so a job
// carries the key only when its thread does not hold it; a job signed with any
// other key carries that key and the thread does not keep it. When the active
// key changes, every thread drops the one it holds: no thread keeps a retired
// key. One pool per process, shared by every copy of
// this module (the server's, and Next's bundle of it). A thread that stops is
// replaced and what it held is signed again; where threads cannot start, or
// keep stopping, libuv's threadpool signs.
import { sign, type KeyObject } from "node:crypto";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SigningKey } from "./key-store";

type Job = { kid: string; keyObject: KeyObject; input: string };
type Pending = Job & { resolve: (sig: string) => void; reject: (e: unknown) => void };
/** `key`: the key this thread was last handed (it signs with it until handed another, or told to forget it) */
type Thread = { worker: Worker; pending: Map<number, Pending>; ready: boolean; key: KeyObject | null };
/** `activeKid`: the key the threads may keep (set by the key store), null: none */
type Pool = { threads: Thread[] | null; off: string | null; nextId: number; respawns: number[]; script: URL; activeKid: string | null };

/** Replacements within a minute after which the pool gives up (a thread that keeps dying). */
const MAX_RESPAWNS_PER_MINUTE = 10;
const SCRIPT = new URL("./sign-worker.mjs", import.meta.url);
const POOL = Symbol.for("perimeter.signingThreads");
const shared = globalThis as { [POOL]?: Pool };
const state = (): Pool => (shared[POOL] ??= { threads: null, off: null, nextId: 0, respawns: [], script: SCRIPT, activeKid: null });

/** On libuv's threadpool: where no signing thread can run. */
function onThreadpool(j: Job): Promise<string> {
  return new Promise((resolve, reject) => sign("sha256", Buffer.from(j.input), j.keyObject, (err, s) => (err ? reject(err) : resolve(s.toString("base64url")))));
}

/** What a thread held, signed again: on the pool while it runs, else on the threadpool. */
function resign(held: Pending[]) {
  for (const p of held) void onThread(p).then(p.resolve, p.reject);
}

/** Ends the pool: what its threads held is signed again (on the threadpool, the pool being gone), then they stop. */
function stopThreads(): Promise<number>[] {
  const s = state();
  const threads = s.threads ?? [];
  s.threads = null;
  return threads.map((t) => {
    const held = [...t.pending.values()];
    t.pending.clear();
    resign(held);
    return t.worker.terminate();
  });
}

function turnOff(why: string) {
  const s = state();
  if (s.off) return;
  s.off = why;
  console.error(`signing: ${why}; signing on libuv's threadpool from now on`);
  void stopThreads();
}

function spawn(script: URL): Thread {
  const worker = new Worker(script, { execArgv: [] });
  worker.unref();
  const t: Thread = { worker, pending: new Map(), ready: false, key: null };
  worker.on("message", (m: { ready?: true; id?: number; sig?: string; error?: string }) => {
    if (m.ready) return void (t.ready = true);
    const p = t.pending.get(m.id!);
    t.pending.delete(m.id!);
    if (t.pending.size === 0) worker.unref();
    if (m.sig !== undefined) p?.resolve(m.sig);
    else p?.reject(new Error(m.error ?? "signing failed"));
  });
  let gone = false;
  const failed = (why: string) => {
    if (gone) return;
    gone = true;
    const s = state();
    const held = [...t.pending.values()];
    t.pending.clear();
    const i = s.threads?.indexOf(t) ?? -1;
    if (i >= 0) {
      const now = Date.now();
      s.respawns = s.respawns.filter((at) => now - at < 60_000);
      if (!t.ready) turnOff(`a signing thread could not start (${why})`);
      else if (s.respawns.length >= MAX_RESPAWNS_PER_MINUTE) turnOff(`signing threads stopped ${s.respawns.length + 1} times within a minute (${why})`);
      else {
        s.respawns.push(now);
        s.threads![i] = spawn(s.script);
      }
    }
    resign(held);
  };
  worker.on("error", (e) => failed(e.message));
  worker.on("exit", (code) => failed(`exit ${code}`));
  return t;
}

function pool(): Thread[] | null {
  const s = state();
  if (s.threads || s.off) return s.threads;
  try {
    s.threads = Array.from({ length: availableParallelism() + 1 }, () => spawn(s.script));
  } catch (e) {
    turnOff(`signing threads could not be created (${e instanceof Error ? e.message : String(e)})`);
  }
  return s.threads;
}

function onThread(j: Job): Promise<string> {
  const all = pool();
  if (!all) return onThreadpool(j);
  let t = all[0]!;
  for (const c of all) if (c.pending.size < t.pending.size) t = c;
  const s = state();
  const id = s.nextId++;
  return new Promise((resolve, reject) => {
    t.pending.set(id, { ...j, resolve, reject });
    try {
      // the key only when this thread does not hold it already (passing it costs both threads more than the
      // input), and kept there only when it is the active key
      const keep = j.kid === s.activeKid;
      t.worker.postMessage(keep && t.key === j.keyObject ? { id, input: j.input } : { id, input: j.input, key: j.keyObject, keep });
      if (keep) t.key = j.keyObject;
      // in flight: keep the process alive for it, as a pending callback on the threadpool would
      t.worker.ref();
    } catch {
      t.pending.delete(id);
      onThreadpool(j).then(resolve, reject);
    }
  });
}

const headers = new Map<string, string>();
const b64u = (s: string) => Buffer.from(s).toString("base64url");

export async function signJwt(key: Pick<SigningKey, "kid" | "keyObject">, payload: object, typ = "at+jwt"): Promise<string> {
  let header = headers.get(`${key.kid} ${typ}`);
  if (!header) {
    header = b64u(JSON.stringify({ alg: "RS256", kid: key.kid, typ }));
    if (headers.size > 16) headers.clear();
    headers.set(`${key.kid} ${typ}`, header);
  }
  const input = `${header}.${b64u(JSON.stringify(payload))}`;
  if (!key.keyObject) throw new Error("no signing key");
  return `${input}.${await onThread({ kid: key.kid, keyObject: key.keyObject, input })}`;
}

/**
 * The key store's active key (by kid; null: none), the only one a thread may keep. When it
 * changes, every thread drops the key it holds (jobs already handed to it are signed first, in order).
 */
export function setActiveSigningKey(kid: string | null): void {
  const s = state();
  if (s.activeKid === kid) return;
  s.activeKid = kid;
  for (const t of s.threads ?? []) {
    if (!t.key) continue;
    t.key = null;
    try {
      t.worker.postMessage({ forget: true });
    } catch {
      // a thread that cannot be reached is replaced, and its replacement holds no key
    }
  }
}

/** The signing threads' workers, started if need be (tests stop one to see its signatures finished elsewhere). */
export function signingWorkers(): Worker[] {
  return pool()?.map((t) => t.worker) ?? [];
}

/** Tests: stops the pool (what it held is signed on the threadpool) and starts the next one from `script`. */
export async function resetSigningThreads(script: URL = SCRIPT): Promise<void> {
  const s = state();
  s.off = "reset";
  await Promise.all(stopThreads());
  Object.assign(s, { off: null, respawns: [], script });
}
