import { expect, test } from "@playwright/test";
import { storageState } from "./helpers";

test.use({ storageState: storageState("admin") });

test("a catalog list sorts and pages on the server, and the view lives in the URL", async ({ page }) => {
  await page.goto("/scopes");
  const table = page.getByRole("table", { name: "Scopes" });
  const header = table.getByRole("columnheader", { name: "Scope" });
  const firstScope = table.getByRole("row").nth(1).getByRole("cell").first();
  const count = page.getByText(/^Showing \d+ of [\d,]+ scopes$/);

  await expect(count).toBeVisible();
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  const ascending = (await firstScope.innerText()).trim();

  await test.step("the Scope header sorts descending", async () => {
    await header.getByRole("button", { name: "Scope" }).click();
    await expect(page).toHaveURL(/[?&]sort=-name(&|$)/);
    await expect(header).toHaveAttribute("aria-sort", "descending");
    await expect(firstScope).not.toHaveText(ascending);
    await expect(table).not.toHaveAttribute("aria-busy", "true");
    await expect(count).toBeVisible();
  });
  const descending = (await firstScope.innerText()).trim();

  await test.step("the next page is a cursor in the URL, in the same order", async () => {
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/[?&]cursor=/);
    await expect(page).toHaveURL(/[?&]sort=-name(&|$)/);
    await expect(firstScope).not.toHaveText(descending);
    await expect(table).not.toHaveAttribute("aria-busy", "true");
    await expect(page.getByRole("link", { name: "First page" })).toBeVisible();
  });
  const secondPage = (await firstScope.innerText()).trim();

  await test.step("a reload shows the same view", async () => {
    await page.reload();
    await expect(header).toHaveAttribute("aria-sort", "descending");
    await expect(firstScope).toHaveText(secondPage);
    await expect(count).toHaveText(/^Showing [1-9]\d* of [\d,]+ scopes$/);
    await expect(page.getByLabel("Sort by")).toHaveValue("-name");
  });

  await test.step("First page goes back to the start of the order", async () => {
    await page.getByRole("link", { name: "First page" }).click();
    await expect(page).not.toHaveURL(/[?&]cursor=/);
    await expect(firstScope).toHaveText(descending);
  });
});
