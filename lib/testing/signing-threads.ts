// Tests: what a signing thread (../oauth/sign-worker.mjs) answers a job handed
// to it without a key, which shows whether it still holds one.
import type { Worker } from "node:worker_threads";

export const PROBE_INPUT = "eyJhbGciOiJSUzI1NiJ9.e30";

export function probeWithoutKey(worker: Worker): Promise<{ sig?: string; error?: string }> {
  return new Promise((resolve) => {
    const id = -1 - Math.floor(Math.random() * 1e6);
    const on = (m: { id?: number; sig?: string; error?: string }) => {
      if (m.id !== id) return;
      worker.off("message", on);
      resolve(m);
    };
    worker.on("message", on);
    worker.postMessage({ id, input: PROBE_INPUT });
  });
}
