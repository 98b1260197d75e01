import { expect, test } from "@playwright/test";
import { addScopes, storageState, uniqueName } from "./helpers";

test.use({ storageState: storageState("editor") });

test("the findings list flags the catch-all scope and the prod admin grant without expiry, with their check ids", async ({ page }) => {
  await page.goto("/findings?check=catch-all-scope");
  const list = page.getByRole("list", { name: "Policy findings" });
  await expect(list.getByRole("listitem").filter({ hasText: "ci-runners:*" })).toContainText("catch-all-scope");

  await page.goto("/findings?check=prod-write-without-expiry");
  await expect(list.getByRole("listitem").filter({ hasText: "platform-breakglass-prod" })).toContainText("prod-write-without-expiry");
});

test("the resource form flags a catch-all scope before it is proposed", async ({ page }) => {
  await page.goto("/resources/new");
  await page.getByLabel("Name", { exact: true }).fill(uniqueName("catchall"));
  await page.getByLabel("Kind").selectOption("compute");
  await page.getByLabel("Environment").selectOption({ label: "dev" });
  await page.getByLabel("Domain").selectOption({ label: "platform" });
  await page.getByLabel("Other actions").fill("*");
  await page.getByLabel("Other actions").blur();
  await expect(page.getByRole("region", { name: /Policy checks/ })).toContainText("catch-all-scope");
});

test("the profile form flags admin scopes in prod without expiry", async ({ page }) => {
  await page.goto("/profiles/new");
  await page.getByLabel("Name", { exact: true }).fill(uniqueName("prod-admin"));
  await page.getByLabel("Environment").selectOption({ label: "prod" });
  await addScopes(page, "bastion:admin", [{ name: "bastion:admin", environment: "prod" }]);
  await expect(page.getByRole("region", { name: /Policy checks/ })).toContainText("prod-write-without-expiry");
});
