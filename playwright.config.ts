import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { serverEnv } from "./e2e/server-env";

// Prefer an explicit or system Chromium (Debian's here); fall back to
// Playwright's own browser where `npx playwright install chromium` works.
const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p): p is string => !!p && existsSync(p),
);

const port = Number(process.env.E2E_PORT ?? 3100);
// The server's database: a fresh SQLite file by default (scripts/e2e.mjs deletes
// it first); scripts/test-pg.mjs points it at a fresh PostgreSQL database (e2e/server-env.ts).
// A run on another port (the PostgreSQL suite, a check beside a running suite)
// keeps its results apart, so two runs never clean up each other's files.
const results = port === 3100 ? "" : `e2e/.artifacts/${port}/`;

export default defineConfig({
  testDir: "e2e",
  outputDir: `${results}test-results`,
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: `${results}playwright-report` }]],
  // two workers on 2 cores with the server and its build cache: a multi-page flow has run past
  // 30 s without anything being wrong (twice in CI runs, mid-flow, every assertion passing so far)
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"], testIgnore: ["**/e2e/api/**", "**/e2e/oauth/**", "**/e2e/drills/**"] },
    // The REST API over real HTTP: request fixtures only, no browser pages.
    { name: "api", testDir: "e2e/api", dependencies: ["setup"] },
    // The token service and decision API over real HTTP (the fast path in scripts/server.ts).
    { name: "oauth", testDir: "e2e/oauth", dependencies: ["setup"] },
    // Breach drills end to end in the browser: two instances on PostgreSQL (scripts/test-pg.mjs), one on SQLite.
    { name: "drills", testDir: "e2e/drills", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"] },
  ],
  // A production build (`next build` via npm start) on a fresh database.
  webServer: {
    command: "node scripts/start.mjs",
    url: `http://127.0.0.1:${port}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: serverEnv(),
  },
});
