import { expect, test } from "@playwright/test";
import { hydrated, storageState } from "./helpers";

test.use({ storageState: storageState("admin") });

test("Ctrl-K searches the catalog and Enter opens the result", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await hydrated(page); // Ctrl-K is heard from then on

  await page.keyboard.press("Control+K");
  const dialog = page.getByRole("dialog", { name: "Search the catalog" });
  await expect(dialog).toBeVisible();
  const input = dialog.getByRole("combobox", { name: "Search the catalog" });
  await expect(input).toBeFocused();

  await input.fill("orders-db");
  const resources = dialog.getByRole("listbox").getByRole("group", { name: "Resources" });
  const first = resources.getByRole("option").first();
  await expect(first).toContainText("orders-db");
  await expect(first).toHaveAttribute("aria-selected", "true");

  await input.press("Enter");
  await expect(page).toHaveURL(/\/resources\/[^/?#]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "orders-db" })).toBeVisible();
  await expect(dialog).toBeHidden();
});

test("the header button opens the palette and Escape returns focus to it", async ({ page }) => {
  await page.goto("/");
  const trigger = page.getByRole("button", { name: /^Search…/ });
  await trigger.click();
  const dialog = page.getByRole("dialog", { name: "Search the catalog" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
});
