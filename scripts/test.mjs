#!/usr/bin/env node
// `npm test`: every test. Unit and integration (SQLite; PostgreSQL too when
// TEST_DATABASE_URL is set), then end-to-end in Chromium against a production build.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules/.bin", name);

function run(label, cmd, args) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) {
    console.error(`\n${label} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

if (!process.env.TEST_DATABASE_URL) {
  console.log("TEST_DATABASE_URL is not set: PostgreSQL integration tests are skipped; SQLite runs.");
}
run("typecheck", bin("tsc"), ["--noEmit"]);
run("unit and integration tests (vitest)", bin("vitest"), ["run"]);
run("end-to-end tests (playwright, chromium)", process.execPath, [path.join(root, "scripts/e2e.mjs")]);
