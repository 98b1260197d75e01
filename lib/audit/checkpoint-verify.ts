// Proves the database still extends published checkpoints (./checkpoints.ts):
// each checkpoint's JWS verifies against a signing key (a JWKS given from
// outside the database, else the keys the database publishes), and the event
// at its sequence has its hash. Together with the chain walk (./verify.ts:
// every event from the first to the head links up), that means the chain
// from each checkpoint onwards is intact; a rewrite that recomputed every
// hash, head included, passes the walk but not this.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from "jose";
import type { Db } from "../db/client";
import { CHECKPOINT_TYP, type CheckpointClaims } from "./checkpoints";

export type CheckpointProblem = { seq: number | null; reason: string };
export type CheckpointReport = { checked: number; problems: CheckpointProblem[] };

/** Compact JWS strings out of a checkpoint document: one object with "jws", an array of them, { checkpoints: [...] }, or lines of compact JWS. */
export function checkpointsIn(text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return text
      .split(/\s+/)
      .map((l) => l.trim())
      .filter((l) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(l));
  }
  const list = Array.isArray(doc) ? doc : doc && typeof doc === "object" && Array.isArray((doc as { checkpoints?: unknown }).checkpoints) ? (doc as { checkpoints: unknown[] }).checkpoints : [doc];
  return list.map((c) => (typeof c === "string" ? c : c && typeof c === "object" ? (c as { jws?: unknown }).jws : undefined)).filter((j): j is string => typeof j === "string");
}

/** Reads checkpoints from a file, a directory (every *.json and *.jws in it) or an http(s) URL (GET /api/v1/audit/checkpoints). */
export async function loadCheckpoints(source: string, opts: { apiToken?: string; fetch?: typeof fetch } = {}): Promise<string[]> {
  if (/^https?:\/\//.test(source)) {
    const res = await (opts.fetch ?? fetch)(source, { headers: opts.apiToken ? { authorization: `Bearer ${opts.apiToken}` } : {} });
    if (!res.ok) throw new Error(`${source} answered ${res.status}`);
    return checkpointsIn(await res.text());
  }
  if (statSync(source).isDirectory()) {
    return readdirSync(source)
      .filter((f) => f.endsWith(".json") || f.endsWith(".jws"))
      .sort()
      .flatMap((f) => checkpointsIn(readFileSync(path.join(source, f), "utf8")));
  }
  return checkpointsIn(readFileSync(source, "utf8"));
}

/** Public keys by kid: from a JWKS document, or every key the database holds (retired and expired ones included: old checkpoints need them). */
export async function checkpointKeys(db: Db, jwks?: { keys: JWK[] }): Promise<Map<string, JWK>> {
  const keys = new Map<string, JWK>();
  if (jwks) {
    for (const k of jwks.keys) if (k.kid) keys.set(k.kid, k);
    return keys;
  }
  for (const r of await db.signingKey.findMany({ select: { kid: true, publicJwk: true } })) keys.set(r.kid, JSON.parse(r.publicJwk) as JWK);
  return keys;
}

export async function verifyCheckpoints(db: Db, jwsList: string[], keys: Map<string, JWK>): Promise<CheckpointReport> {
  const problems: CheckpointProblem[] = [];
  const state = await db.catalogState.findUnique({ where: { id: 1 }, select: { auditSeq: true } });
  for (const jws of jwsList) {
    let claims: CheckpointClaims;
    try {
      const header = decodeProtectedHeader(jws);
      if (header.typ !== CHECKPOINT_TYP) throw new Error(`typ is ${String(header.typ)}, not ${CHECKPOINT_TYP}`);
      const jwk = header.kid ? keys.get(header.kid) : undefined;
      if (!jwk) throw new Error(`no public key ${String(header.kid)}`);
      const { payload } = await compactVerify(jws, await importJWK(jwk, "RS256"), { algorithms: ["RS256"] });
      claims = JSON.parse(new TextDecoder().decode(payload)) as CheckpointClaims;
      if (!Number.isSafeInteger(claims.seq) || claims.seq < 1 || typeof claims.hash !== "string") throw new Error("the payload is not a checkpoint");
    } catch (e) {
      problems.push({ seq: null, reason: `signature: ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    if (!state || claims.seq > state.auditSeq) {
      problems.push({ seq: claims.seq, reason: `the chain ends at ${state?.auditSeq ?? 0}, before this checkpoint (events were removed)` });
      continue;
    }
    const event = await db.auditEvent.findUnique({ where: { seq: claims.seq }, select: { hash: true } });
    if (!event) problems.push({ seq: claims.seq, reason: "the event at this sequence is missing" });
    else if (event.hash !== claims.hash) problems.push({ seq: claims.seq, reason: `the event's hash ${event.hash.slice(0, 16)}… differs from the checkpoint's ${claims.hash.slice(0, 16)}… (the chain was rewritten)` });
  }
  return { checked: jwsList.length, problems };
}
