// A signing thread of ./jwt-sign.ts: RS256 (RSASSA-PKCS1-v1_5 with SHA-256)
// over each signing input it is handed, in order. A job that carries a key
// (a KeyObject crosses threads as a reference to the same key, not a copy) is
// signed with it, and the key is kept for the jobs after it only when the job
// says so (the active key); a job without one is signed with the key kept. A
// "forget" drops the kept key. Plain JavaScript: a worker cannot load
// TypeScript here.
import { sign } from "node:crypto";
import { parentPort } from "node:worker_threads";

let kept = null;

parentPort.on("message", (m) => {
  if (m.forget) return void (kept = null);
  try {
    const key = "key" in m ? m.key : kept;
    if (!key) throw new Error("no signing key was handed to this thread");
    if ("key" in m && m.keep) kept = m.key;
    parentPort.postMessage({ id: m.id, sig: sign("sha256", Buffer.from(m.input), key).toString("base64url") });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
// it can run here: the pool counts on it from now on
parentPort.postMessage({ ready: true });
