// The environment Perimeter's server process starts with (npm start, and the
// benches, which start it as npm start does).
//
// UV_THREADPOOL_SIZE: libuv's threadpool signs every token (RS256 off the event
// loop, lib/oauth/jwt-sign.ts). Node's default of 4 threads on a 2-core machine
// lets a burst of signatures crowd the journal's writer thread off the cores,
// and every grant waits for that thread's commit: sized to the cores (at
// least 2, so a console sign-in's argon2id never holds the only thread),
// grants/s rose ~8% at 10 connections here, while oidc-provider's did not move
// (bench/token-peer.ts). Set it yourself to override.
import os from "node:os";

/** `env` with the server's defaults filled in where unset. */
export function serverEnv(env) {
  return { ...env, UV_THREADPOOL_SIZE: env.UV_THREADPOOL_SIZE || String(Math.max(2, os.availableParallelism())) };
}
