#!/usr/bin/env node
// `npm start`: build when there is no build (or the sources are newer), make
// sure a session secret exists, then run the server in production mode.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildId = path.join(root, ".next", "BUILD_ID");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!existsSync(buildId)) return "no build yet";
  const built = statSync(buildId).mtimeMs;
  const stale = ["app", "components", "lib", "public"].some((d) => existsSync(path.join(root, d)) && newestSource(path.join(root, d)) > built);
  return stale ? "sources changed since the last build" : null;
}

const reason = needsBuild();
if (reason) {
  console.log(`Building Perimeter (${reason})…`);
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// A session secret for the embedded default, kept under data/ so sessions
// survive restarts. Several instances must share one: set NEXTAUTH_SECRET.
if (!process.env.NEXTAUTH_SECRET) {
  const file = path.join(root, "data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.NEXTAUTH_SECRET = readFileSync(file, "utf8").trim();
}
process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT || 3000}`;

const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/server.ts")], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
