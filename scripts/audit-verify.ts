// `npm run audit:verify`: walks the audit hash chain of DATABASE_URL and prints
// OK with the event count and chain head, or the first broken link (exit 1).
import { existsSync } from "node:fs";
import path from "node:path";
import { verifyAuditChain } from "../lib/audit/verify";
import { verifyReport } from "../lib/audit/verify-report";
import { createDb } from "../lib/db/client";
import { providerOf, sqlitePath } from "../lib/db/provider";
import { env } from "../lib/env";

async function main(): Promise<number> {
  const url = env().DATABASE_URL;
  if (providerOf(url) === "sqlite" && !existsSync(path.resolve(sqlitePath(url)))) {
    console.error(`No database at ${sqlitePath(url)}: set DATABASE_URL.`);
    return 2;
  }
  const db = createDb(url);
  try {
    const started = performance.now();
    const result = await verifyAuditChain(db);
    const { line, exitCode } = verifyReport(result, performance.now() - started);
    (exitCode ? console.error : console.log)(line);
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
