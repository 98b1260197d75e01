#!/usr/bin/env node
// `npm run test:pg`: the suites that touch the database, on PostgreSQL.
//   1. the integration tests (vitest; each test creates and drops its own database)
//   2. the REST API end-to-end tests over HTTP against a production server on a
//      fresh database perimeter_e2e_<random>, dropped afterwards whatever happens,
//      and the breach drill in the browser against two instances on it.
// TEST_DATABASE_URL names the server (any database on it, e.g. .../postgres);
// without it the suite is skipped. E2E_PORT picks the server's port (3110).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const adminUrl = process.env.TEST_DATABASE_URL;

if (!adminUrl) {
  console.log("TEST_DATABASE_URL is not set: the PostgreSQL suite is skipped.");
  process.exit(0);
}

let child = null;
for (const signal of ["SIGINT", "SIGTERM"]) {
  // Pass the signal on and let the finally block drop the database.
  process.on(signal, () => child?.kill(signal));
}

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  return new Promise((resolve) => {
    child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
    child.on("exit", (code, signal) => {
      child = null;
      if (code !== 0) console.error(`\n${label} failed (${signal ?? `exit ${code}`})`);
      resolve(code === 0);
    });
    child.on("error", (e) => {
      child = null;
      console.error(`\n${label} could not start: ${e.message}`);
      resolve(false);
    });
  });
}

async function sql(statement) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const name = `perimeter_e2e_${randomBytes(6).toString("hex")}`;
const e2eUrl = new URL(adminUrl);
e2eUrl.pathname = `/${name}`;
const shown = new URL(e2eUrl);
shown.password = shown.password ? "***" : "";

let ok = false;
let created = false;
try {
  await sql(`CREATE DATABASE "${name}"`);
  created = true;
  console.log(`test:pg: created database ${name} for the API suite (${shown})`);
  const integration = await run("integration tests on PostgreSQL (vitest)", path.join(root, "node_modules/.bin/vitest"), ["run", "--project", "integration"]);
  // drills: a breach drill in the browser against two instances on this database (the spec starts the second on E2E_PORT + 1)
  const api = await run("API, OAuth and drill tests on PostgreSQL (playwright: setup + api + oauth + drills)", process.execPath, [path.join(root, "scripts/e2e.mjs"), "--project=setup", "--project=api", "--project=oauth", "--project=drills"], {
    E2E_DATABASE_URL: e2eUrl.toString(),
    E2E_PORT: process.env.E2E_PORT ?? "3110",
  });
  ok = integration && api;
} catch (e) {
  console.error(`test:pg: ${e instanceof Error ? e.message : e}`);
} finally {
  if (created) {
    try {
      await sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      console.log(`test:pg: dropped database ${name}`);
    } catch (e) {
      ok = false;
      console.error(`test:pg: could not drop database ${name}: ${e instanceof Error ? e.message : e}`);
    }
  }
}
console.log(ok ? "\ntest:pg: passed" : "\ntest:pg: FAILED");
process.exit(ok ? 0 : 1);
