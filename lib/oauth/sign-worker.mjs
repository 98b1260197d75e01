// A signing thread of ./jwt-sign.ts: RS256 (RSASSA-PKCS1-v1_5 with SHA-256)
// over each signing input it is handed, in order, with the private key it was
// handed once per key id. Plain JavaScript: a worker cannot load TypeScript here.
import { sign } from "node:crypto";
import { parentPort } from "node:worker_threads";

// the newest few keys handed over, as jwt-sign.ts counts them (a retired key does not stay here)
const KEYS_KEPT = 4;
const keys = new Map();

parentPort.on("message", (m) => {
  if (m.key) {
    keys.set(m.kid, m.key);
    if (keys.size > KEYS_KEPT) keys.delete(keys.keys().next().value);
  }
  try {
    const key = keys.get(m.kid);
    if (!key) throw new Error(`no key ${m.kid} on this signing thread`);
    parentPort.postMessage({ id: m.id, sig: sign("sha256", Buffer.from(m.input), key).toString("base64url") });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
