// RS256 compact JWS, signed off the event loop: an RSA-2048 signature costs
// ~0.25 ms of CPU, the largest cost of a grant. The output is the JWS jose
// would produce (RFC 7515 compact serialisation, RSASSA-PKCS1-v1_5 with
// SHA-256).
//
// On signing threads of their own (./sign-worker.mjs), one per core, each
// handed the next signature by the least busy: not on libuv's threadpool,
// whose 4 threads on 2 cores let a burst of signatures crowd the journal's
// writer thread off the cores (every grant waits for its commit), and which
// also runs argon2id, DNS lookups and fs, any of which could hold every thread
// that signs. Where a thread cannot be started, crypto.sign on the threadpool.
import { sign } from "node:crypto";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { KeyObject } from "node:crypto";
import type { SigningKey } from "./key-store";

const headers = new Map<string, string>();

const b64u = (s: string) => Buffer.from(s).toString("base64url");

type Job = { kid: string; keyObject: KeyObject; input: string };
type Pending = Job & { resolve: (sig: string) => void; reject: (e: unknown) => void };
type Thread = { worker: Worker; pending: Map<number, Pending>; kids: Set<string>; answered: boolean };

/** keys a signing thread holds at most (the oldest handed over goes first; the same rule there) */
const KEYS_KEPT = 4;
let threads: Thread[] | null = null;
let unavailable = false;
let nextId = 0;

/** On libuv's threadpool: where no signing thread can run. */
function onThreadpool(j: Job): Promise<string> {
  return new Promise((resolve, reject) => sign("sha256", Buffer.from(j.input), j.keyObject, (err, s) => (err ? reject(err) : resolve(s.toString("base64url")))));
}

function spawn(): Thread {
  const worker = new Worker(new URL("./sign-worker.mjs", import.meta.url));
  worker.unref();
  const t: Thread = { worker, pending: new Map(), kids: new Set(), answered: false };
  worker.on("message", (m: { id: number; sig?: string; error?: string }) => {
    t.answered = true;
    const p = t.pending.get(m.id);
    t.pending.delete(m.id);
    if (m.sig !== undefined) p?.resolve(m.sig);
    else p?.reject(new Error(m.error ?? "signing failed"));
  });
  const failed = () => {
    const i = threads?.indexOf(t) ?? -1;
    if (i < 0) return;
    // a thread that never answered cannot run here (a bundle without the worker's file): the threadpool signs from now on
    if (t.answered) threads![i] = spawn();
    else {
      unavailable = true;
      threads = null;
    }
    // what it held is signed elsewhere, not failed
    for (const p of t.pending.values()) void (threads ? onThread(p) : onThreadpool(p)).then(p.resolve, p.reject);
    t.pending.clear();
  };
  worker.on("error", failed);
  worker.on("exit", failed);
  return t;
}

function pool(): Thread[] | null {
  if (threads || unavailable) return threads;
  try {
    threads = Array.from({ length: Math.max(1, availableParallelism()) }, spawn);
  } catch {
    unavailable = true;
  }
  return threads;
}

function onThread(j: Job): Promise<string> {
  const all = pool();
  if (!all) return onThreadpool(j);
  let t = all[0]!;
  for (const c of all) if (c.pending.size < t.pending.size) t = c;
  const id = nextId++;
  const first = !t.kids.has(j.kid);
  if (first) {
    t.kids.add(j.kid);
    // the thread keeps the same newest few (./sign-worker.mjs): a retired key does not outlive its successors there
    if (t.kids.size > KEYS_KEPT) t.kids.delete(t.kids.values().next().value!);
  }
  return new Promise((resolve, reject) => {
    t.pending.set(id, { ...j, resolve, reject });
    t.worker.postMessage({ id, kid: j.kid, input: j.input, ...(first ? { key: j.keyObject } : {}) });
  });
}

export async function signJwt(key: Pick<SigningKey, "kid" | "keyObject">, payload: object, typ = "at+jwt"): Promise<string> {
  let header = headers.get(`${key.kid} ${typ}`);
  if (!header) {
    header = b64u(JSON.stringify({ alg: "RS256", kid: key.kid, typ }));
    if (headers.size > 16) headers.clear();
    headers.set(`${key.kid} ${typ}`, header);
  }
  const input = `${header}.${b64u(JSON.stringify(payload))}`;
  return `${input}.${await onThread({ kid: key.kid, keyObject: key.keyObject, input })}`;
}

/** The signing threads' workers (tests stop one to see its signatures finished elsewhere). */
export function signingWorkers(): Worker[] {
  return pool()?.map((t) => t.worker) ?? [];
}
