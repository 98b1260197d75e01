import type { Page } from "@playwright/test";

export const demoPassword = process.env.PERIMETER_DEMO_PASSWORD ?? "perimeter-demo";
export const roles = ["admin", "approver", "editor", "viewer"] as const;
export type DemoRole = (typeof roles)[number];

// Sign-ins belong to one server: a run on another port (the PostgreSQL suite) keeps its own.
const artifacts = (process.env.E2E_PORT ?? "3100") === "3100" ? "e2e/.artifacts" : `e2e/.artifacts/${process.env.E2E_PORT}`;
export const storageState = (role: DemoRole) => `${artifacts}/auth/${role}.json`;
export const email = (role: DemoRole) => `${role}@perimeter.local`;

/** Signs in through the form as a demo role, or as any seeded user by email (all share the demo password). */
export async function signIn(page: Page, who: DemoRole | (string & {}), password = demoPassword) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.includes("@") ? who : email(who as DemoRole));
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A unique, valid identifier so tests can run in parallel and be re-run. */
export function uniqueName(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
