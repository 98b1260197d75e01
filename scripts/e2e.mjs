#!/usr/bin/env node
// Runs the Playwright suite against a production build on a fresh SQLite file
// (or on the database E2E_DATABASE_URL names).
// Finds Chromium, or installs it: Debian's package when apt-get is usable
// (root), otherwise Playwright's own download. Says what it did.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);

function ensureChromium() {
  const found = candidates.find((p) => existsSync(p));
  if (found) return console.log(`e2e: using Chromium at ${found}`);
  const root_ = typeof process.getuid === "function" && process.getuid() === 0;
  if (root_ && existsSync("/usr/bin/apt-get")) {
    console.log("e2e: Chromium not found; installing Debian's chromium package with apt-get…");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    return;
  }
  console.log("e2e: Chromium not found; running `npx playwright install chromium`…");
  execFileSync(path.join(root, "node_modules/.bin/playwright"), ["install", "chromium"], { stdio: "inherit" });
}

ensureChromium();
// The server's database (see playwright.config.ts): a SQLite file starts fresh;
// a PostgreSQL database is the caller's to create and drop (scripts/test-pg.mjs).
const database = process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db";
if (database.startsWith("file:")) {
  const file = path.resolve(root, database.replace(/^file:/, "").replace(/\?.*$/, ""));
  console.log(`e2e: fresh SQLite database ${path.relative(root, file)}`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
} else {
  console.log("e2e: PostgreSQL database from E2E_DATABASE_URL");
}
const r = spawnSync(path.join(root, "node_modules/.bin/playwright"), ["test", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
process.exit(r.status ?? 1);
