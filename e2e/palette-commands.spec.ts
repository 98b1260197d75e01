// The command palette's commands: create forms, Go to…, and Revoke tokens of…
// (which first picks a client, then opens its incident actions).
import { expect, test } from "@playwright/test";
import { hydrated, storageState } from "./helpers";

test.use({ storageState: storageState("admin") });

test("New client… opens the form, Go to… a page, Revoke tokens of… a client's incident actions", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await hydrated(page); // Ctrl-K is heard from then on
  const dialog = page.getByRole("dialog", { name: "Search the catalog" });
  const input = dialog.getByRole("combobox", { name: "Search the catalog" });

  await page.keyboard.press("Control+K");
  await input.fill("new client");
  await expect(dialog.getByRole("group", { name: "Commands" }).getByRole("option").first()).toHaveText("New client…");
  await input.press("Enter");
  await expect(page).toHaveURL(/\/clients\/new$/);

  await page.keyboard.press("Control+K");
  await input.fill("go to audit");
  await input.press("Enter");
  await expect(page).toHaveURL(/\/audit$/);

  await page.keyboard.press("Control+K");
  await input.fill("revoke");
  await dialog.getByRole("option", { name: "Revoke tokens of…" }).click();
  await expect(input).toHaveAttribute("placeholder", /Revoke tokens of/);
  await input.fill("ci-orders");
  await expect(dialog.getByRole("group", { name: "Clients" }).getByRole("option").first()).toContainText("ci-orders");
  await input.press("Enter");
  await expect(page).toHaveURL(/\/clients\/[^/]+#incident-actions$/);
  await expect(page.getByRole("button", { name: "Revoke all tokens" })).toBeVisible();
});
