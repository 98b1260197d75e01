import { expect, type Page } from "@playwright/test";

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

/**
 * Waits until React has taken over the page (components/providers.tsx marks it):
 * a click on a client-side control before that is lost, and a form without a
 * server action submits as a plain GET. Call after a full page load (goto,
 * reload, sign-in, a plain form's submit) before clicking such a control.
 */
export async function hydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** Searches a list page through its filter bar (a plain form: Enter loads the filtered page) and waits for that page. */
export async function searchList(page: Page, label: string, text: string) {
  const box = page.getByLabel(label);
  await box.fill(text);
  await box.press("Enter");
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByLabel(label)).toHaveValue(text);
}

/** A unique, valid identifier so tests can run in parallel and be re-run. */
export function uniqueName(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/**
 * Picks a catalog object in a search picker (components/catalog/entity-picker.tsx):
 * types its name, waits until the list answers that search (the unfiltered rows
 * shown before it move and vanish under a click), clicks the row, and checks
 * that it is the one picked.
 */
export async function pickEntity(page: Page, label: string, name: string) {
  await page.getByRole("textbox", { name: label, exact: true }).fill(name);
  const list = page.getByRole("list", { name: `Matching ${label.toLowerCase()}s` });
  await expect(list).toHaveAttribute("aria-busy", "false");
  await list.getByRole("button").filter({ has: page.getByText(name, { exact: true }) }).click();
  await expect(page.getByRole("button", { name: `Change ${label.toLowerCase()}` })).toBeVisible();
  await expect(page.getByRole("main").getByText(name, { exact: true })).toBeVisible();
}

/**
 * Adds scopes in the profile forms' scope picker (components/catalog/scope-picker.tsx):
 * searches, waits until the list answers that search, adds each scope, and checks
 * that it is selected.
 */
export async function addScopes(page: Page, search: string, scopes: { name: string; environment: string }[]) {
  await page.getByLabel("Find scopes").fill(search);
  const list = page.getByRole("list", { name: "Matching scopes" });
  await expect(list).toHaveAttribute("aria-busy", "false");
  for (const { name, environment } of scopes) {
    await list.getByRole("button", { name: `Add ${name} (${environment})`, exact: true }).click();
    await expect(page.getByRole("list", { name: "Selected scopes" }).getByRole("button", { name: `Remove ${name}`, exact: true })).toBeVisible();
  }
}
