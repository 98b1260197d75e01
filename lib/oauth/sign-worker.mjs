// A signing thread of ./jwt-sign.ts: RS256 (RSASSA-PKCS1-v1_5 with SHA-256)
// over each signing input it is handed, in order, with the private key it was
// last handed (a KeyObject crosses threads as a reference to the same key, not
// a copy), until it is handed another or told to forget it. Plain JavaScript:
// a worker cannot load TypeScript here.
import { sign } from "node:crypto";
import { parentPort } from "node:worker_threads";

let key = null;

parentPort.on("message", (m) => {
  if (m.forget) return void (key = null);
  if (m.key) key = m.key;
  try {
    if (!key) throw new Error("no signing key was handed to this thread");
    parentPort.postMessage({ id: m.id, sig: sign("sha256", Buffer.from(m.input), key).toString("base64url") });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
// it can run here: the pool counts on it from now on
parentPort.postMessage({ ready: true });
