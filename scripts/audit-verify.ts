// `npm run audit:verify [-- --checkpoints FILE|DIR|URL ... [--jwks FILE|URL]]`:
// walks the audit hash chain of DATABASE_URL and prints OK with the event
// count and chain head, or the first broken link; recomputes the subject
// index (AuditSubject) and reports rows that differ; with --checkpoints,
// proves the database still extends every signed checkpoint given (the event
// at its sequence has its hash). Exit 1 when anything fails, 2 when it cannot run.
// A URL source is fetched with PERIMETER_API_TOKEN as a bearer token when set (https or this machine only).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import type { JWK } from "jose";
import { checkpointKeys, loadCheckpoints, verifyCheckpoints } from "../lib/audit/checkpoint-verify";
import { verifySubjectIndex } from "../lib/audit/subjects-verify";
import { verifyAuditChain } from "../lib/audit/verify";
import { verifyReport } from "../lib/audit/verify-report";
import { createDb } from "../lib/db/client";
import { providerOf, sqlitePath } from "../lib/db/provider";
import { env } from "../lib/env";

const program = new Command()
  .name("audit:verify")
  .option("--checkpoints <sources...>", "signed checkpoints: a file, a directory, or a URL (GET /api/v1/audit/checkpoints)")
  .option("--jwks <source>", "the public keys to verify checkpoints with (a JWKS file or URL, e.g. /oauth/jwks saved earlier); default: the keys in the database")
  .option("--no-subjects", "skip recomputing the subject index")
  .parse();
const opts = program.opts<{ checkpoints?: string[]; jwks?: string; subjects: boolean }>();

/** The API token goes only over https, or to this machine: never in clear to wherever a URL points. */
function tokenFor(source: string, token: string | undefined): string | undefined {
  if (!/^https?:\/\//.test(source)) return undefined;
  const u = new URL(source);
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
  return u.protocol === "https:" || local ? token : undefined;
}

async function readJwks(source: string): Promise<{ keys: JWK[] }> {
  const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : readFileSync(source, "utf8");
  return JSON.parse(text) as { keys: JWK[] };
}

async function main(): Promise<number> {
  const cfg = env();
  const url = cfg.DATABASE_URL;
  if (providerOf(url) === "sqlite" && !existsSync(path.resolve(sqlitePath(url)))) {
    console.error(`No database at ${sqlitePath(url)}: set DATABASE_URL.`);
    return 2;
  }
  const db = createDb(url);
  let exitCode = 0;
  try {
    const started = performance.now();
    const result = await verifyAuditChain(db);
    const report = verifyReport(result, performance.now() - started);
    (report.exitCode ? console.error : console.log)(report.line);
    exitCode = report.exitCode;

    if (opts.subjects) {
      const s = await verifySubjectIndex(db);
      const unverifiable = s.unverifiable ? ` (${s.unverifiable} rows at events naming purged tokens not checked)` : "";
      if (s.mismatches === 0) console.log(`OK: subject index matches the trail, ${s.events.toLocaleString("en")} events${unverifiable}`);
      else {
        console.error(`BROKEN: subject index differs from the trail in ${s.mismatches} rows${unverifiable}`);
        for (const m of s.examples) console.error(`  event #${m.seq}: ${m.kind} ${m.subjectId} ${m.problem === "missing" ? "missing from the index" : "in the index, not in the event"}`);
        exitCode = 1;
      }
    }

    if (opts.checkpoints?.length) {
      const jws = (await Promise.all(opts.checkpoints.map((s) => loadCheckpoints(s, { apiToken: tokenFor(s, cfg.PERIMETER_API_TOKEN) })))).flat();
      if (jws.length === 0) {
        console.error(`BROKEN: no checkpoints found in ${opts.checkpoints.join(", ")}`);
        return 1;
      }
      const keys = await checkpointKeys(db, opts.jwks ? await readJwks(opts.jwks) : undefined);
      const c = await verifyCheckpoints(db, jws, keys);
      if (c.problems.length === 0) console.log(`OK: the chain extends all ${c.checked} checkpoints (keys from ${opts.jwks ?? "the database"})`);
      else {
        console.error(`BROKEN: ${c.problems.length} of ${c.checked} checkpoints are not extended by the chain`);
        for (const p of c.problems) console.error(`  ${p.seq === null ? "checkpoint" : `checkpoint at #${p.seq}`}: ${p.reason}`);
        exitCode = 1;
      }
    }
    return exitCode;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
