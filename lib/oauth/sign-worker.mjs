// A signing thread of ./jwt-sign.ts: RS256 (RSASSA-PKCS1-v1_5 with SHA-256)
// over each signing input it is handed, in order, with the private key handed
// with it (a KeyObject crosses threads as a reference to the same key, not a
// copy; none is kept here between jobs). Plain JavaScript: a worker cannot
// load TypeScript here.
import { sign } from "node:crypto";
import { parentPort } from "node:worker_threads";

parentPort.on("message", (m) => {
  try {
    parentPort.postMessage({ id: m.id, sig: sign("sha256", Buffer.from(m.input), m.key).toString("base64url") });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
// it can run here: the pool counts on it from now on
parentPort.postMessage({ ready: true });
