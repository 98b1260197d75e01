import { expect, test } from "@playwright/test";
import { hydrated, signIn, storageState } from "./helpers";

test.describe("signed in as admin", () => {
  test.use({ storageState: storageState("admin") });

  test("sees the seeded resources and can search them", async ({ page }) => {
    await page.goto("/resources");
    await expect(page.getByRole("heading", { name: "Resources" })).toBeVisible();
    await expect(page.getByRole("link", { name: "orders-db", exact: true }).first()).toBeVisible();
    await page.getByLabel("Search resources").fill("ledger");
    await page.getByLabel("Search resources").press("Enter");
    await expect(page).toHaveURL(/q=ledger/);
    await expect(page.getByRole("link", { name: "orders-db", exact: true })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /ledger/ }).first()).toBeVisible();
  });

  test("the overview shows catalog counts and recent changes", async ({ page }) => {
    await page.goto("/");
    const counts = page.getByRole("region", { name: "Catalog counts" });
    await expect(counts.getByRole("link", { name: /Resources/ })).toContainText(/\d{2}/);
    await expect(page.getByRole("heading", { name: "Recent changes" })).toBeVisible();
  });

  test("dark mode toggles and is remembered", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    const html = page.locator("html");
    const wasDark = ((await html.getAttribute("class")) ?? "").includes("dark");
    await page.getByRole("button", { name: wasDark ? "Switch to light mode" : "Switch to dark mode" }).click();
    await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
    await page.reload();
    await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
  });

  test("the keyboard reaches the skip link and the navigation", async ({ page }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const item of ["Resources", "Scopes", "Profiles", "Clients", "Domains", "Graph", "Changes", "Audit", "Settings"]) {
      await expect(nav.getByRole("link", { name: item })).toBeVisible();
    }
  });

  test("an unknown page says it does not exist", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  });
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await signIn(page, "admin", "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("the console requires sign-in", async ({ page }) => {
  await page.goto("/resources");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("signing out ends the session", async ({ page }) => {
  // its own sign-in, so signing out does not end the stored admin session
  await signIn(page, "admin");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  // the menu opens once the page has hydrated; a click before that does nothing
  const menu = page.getByRole("button", { name: /admin@perimeter.local/ });
  const signOut = page.getByRole("menuitem", { name: "Sign out" });
  await expect(async () => {
    if (!(await signOut.isVisible())) await menu.click();
    await expect(signOut).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await signOut.click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/resources");
  await expect(page).toHaveURL(/\/login/);
});
