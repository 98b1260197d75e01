import { expect, test } from "@playwright/test";
import { addScopes, pickEntity, storageState, uniqueName } from "./helpers";

test.use({ storageState: storageState("editor") });

test("an editor registers a resource, a profile and a client, binds them, and sees who can reach the resource", async ({ page }) => {
  // four create forms, a change review and three detail pages: past 30 s on 2 cores shared with other work
  test.setTimeout(90_000);
  const resource = uniqueName("flow-db");
  const profile = uniqueName("flow-rw");
  const client = uniqueName("flow-svc");

  await test.step("resource with its three standard scopes", async () => {
    await page.goto("/resources/new");
    await page.getByLabel("Name", { exact: true }).fill(resource);
    await page.getByLabel("Kind").selectOption("database");
    await page.getByLabel("Environment").selectOption({ label: "dev" });
    await page.getByLabel("Domain").selectOption({ label: "platform" });
    for (const action of ["read", "write", "admin"]) await expect(page.getByRole("checkbox", { name: `<name>:${action}` })).toBeChecked();
    await page.getByRole("button", { name: "Propose change" }).click();
    await expect(page.getByRole("status").filter({ hasText: /CR-\d+ applied/ }).first()).toBeVisible();
  });

  await test.step("profile holding two of the scopes", async () => {
    await page.goto("/profiles/new");
    await page.getByLabel("Name", { exact: true }).fill(profile);
    await page.getByLabel("Environment").selectOption({ label: "dev" });
    await addScopes(page, resource, [
      { name: `${resource}:read`, environment: "dev" },
      { name: `${resource}:write`, environment: "dev" },
    ]);
    await expect(page.getByRole("list", { name: "Selected scopes" }).getByRole("listitem")).toHaveCount(2);
    await page.getByRole("button", { name: "Propose change" }).click();
    await expect(page.getByRole("status").filter({ hasText: /CR-\d+ applied/ }).first()).toBeVisible();
  });

  await test.step("client, then bind it to the profile", async () => {
    await page.goto("/clients/new");
    await page.getByLabel("Name", { exact: true }).fill(client);
    await page.getByLabel("Kind").selectOption("service");
    await page.getByRole("button", { name: "Propose change" }).click();
    await expect(page.getByRole("heading", { level: 1, name: client })).toBeVisible();
    await page.getByRole("link", { name: `bind ${client} to a profile` }).click();
    await expect(page).toHaveURL(/\/bindings\/new\?client=/);
    await expect(page.getByRole("main").getByText(client, { exact: true })).toBeVisible();
    await pickEntity(page, "Profile", profile);
    await page.getByLabel("Reason").fill("e2e create-and-bind flow");
    await page.getByRole("button", { name: "Propose change" }).click();
    await expect(page.getByRole("status").filter({ hasText: /CR-\d+ applied/ }).first()).toBeVisible();
  });

  await test.step("the resource lists the client under who can reach it", async () => {
    await page.goto(`/resources?q=${resource}`);
    await page.getByRole("link", { name: resource, exact: true }).click();
    const reach = page.getByRole("region", { name: /who can reach it/i });
    await expect(reach).toContainText(client);
    await expect(reach).toContainText(profile);
  });
});

test("bad input is refused at the field and nothing is written", async ({ page }) => {
  await page.goto("/resources/new");
  await page.getByLabel("Name", { exact: true }).fill("Not A Valid Name");
  await page.getByRole("button", { name: "Propose change" }).click();
  await expect(page.locator("#field-name-error")).toContainText("lowercase");
  await expect(page.locator("#field-kind-error")).toBeVisible();
  await expect(page.getByRole("status")).toHaveCount(0);
});

test("an identifier that is taken is reported at the name field by the server", async ({ page }) => {
  await page.goto("/clients/new");
  await page.getByLabel("Name", { exact: true }).fill("ci-orders");
  await page.getByLabel("Kind").selectOption("pipeline");
  await page.getByRole("button", { name: "Propose change" }).click();
  await expect(page.locator("#field-name-error")).toContainText("already taken");
});

test.describe("as viewer", () => {
  test.use({ storageState: storageState("viewer") });
  test("the new-resource page explains that the role cannot change the catalog", async ({ page }) => {
    await page.goto("/resources/new");
    await expect(page.getByRole("status")).toContainText("viewer role can read the catalog but not change it");
    await expect(page.getByRole("button", { name: "Propose change" })).toHaveCount(0);
  });
});
