// Create, edit and delete of every catalog entity from the console, starting
// from its list page (no typed URLs after the first): each write is a change
// request through the one write path; forms end on the object's page, and
// deletes preview who would lose access before they are proposed.
import { expect, test, type Page } from "@playwright/test";
import { addScopes, pickEntity, searchList, storageState, uniqueName } from "./helpers";

test.use({ storageState: storageState("admin") });

const main = (page: Page) => page.getByRole("main");
const applied = (page: Page) => page.getByRole("status").filter({ hasText: /CR-\d+ applied/ }).first();

/** Open a list from the sidebar, then its primary "New …" action. */
async function startNew(page: Page, list: string, action: string) {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: list, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: list })).toBeVisible();
  await main(page).getByRole("link", { name: action, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: action })).toBeVisible();
}

/** A field's error or the form's alert: what a refused proposal shows. */
const refusal = (page: Page) => main(page).getByRole("alert").or(main(page).locator('[id$="-error"]'));

async function propose(page: Page) {
  await page.getByRole("button", { name: "Propose change" }).click();
  // never twice: the button locks once the request is sent and stays locked after it
  await expect(page.getByRole("button", { name: "Proposed" }).or(applied(page)).or(refusal(page)).first()).toBeVisible();
  // a refusal fails here, saying what the form said, rather than as a timeout further on
  expect(await refusal(page).allInnerTexts(), "the form refused the proposal").toEqual([]);
}

/** Delete from the detail page: the dialog previews the reach delta, then the change applies and the list comes back. */
async function deleteFromDetail(page: Page, listPath: string) {
  await main(page).getByRole("button", { name: "Delete…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText(/Reach delta:/)).toBeVisible();
  await dialog.getByLabel("Reason").fill("e2e cleanup");
  await dialog.getByRole("button", { name: "Propose deletion" }).click();
  await expect(page).toHaveURL(new RegExp(`${listPath}$`));
}

test("a domain: create, edit, delete", async ({ page }) => {
  const name = uniqueName("e2e-dom");
  await startNew(page, "Domains", "New domain");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Display name").fill("E2E domain");
  await propose(page);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(applied(page)).toBeVisible();

  await main(page).getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Display name").fill("E2E domain, renamed");
  await propose(page);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(main(page)).toContainText("E2E domain, renamed");

  await deleteFromDetail(page, "/domains");
});

test("an environment: create, edit, delete", async ({ page }) => {
  const name = uniqueName("e2e-env");
  await startNew(page, "Environments", "New environment");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Rank").fill("7");
  await propose(page);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await main(page).getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Display name").fill("E2E environment");
  await propose(page);
  await expect(main(page)).toContainText("E2E environment");

  await deleteFromDetail(page, "/environments");
});

test("a resource and a scope on it: create, edit, delete", async ({ page }) => {
  const name = uniqueName("e2e-res");
  await startNew(page, "Resources", "New resource");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Kind").selectOption("storage");
  await page.getByLabel("Environment").selectOption({ label: "dev" });
  await page.getByLabel("Domain").selectOption({ label: "platform" });
  await page.getByLabel("Criticality").selectOption("low");
  await propose(page);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await main(page).getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Owner").fill("e2e-team@acme.example");
  await propose(page);
  await expect(main(page)).toContainText("e2e-team@acme.example");

  // a custom scope from the resource page
  await main(page).getByRole("link", { name: "Add scope" }).click();
  await page.getByLabel("Action").fill("rotate");
  await propose(page);
  await expect(page.getByRole("heading", { level: 1, name: `${name}:rotate` })).toBeVisible();
  await main(page).getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Description").fill("Rotates the bucket keys");
  await propose(page);
  await expect(main(page)).toContainText("Rotates the bucket keys");
  await deleteFromDetail(page, "/scopes");

  // back to the resource through the list, and delete it with its remaining scopes
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Resources", exact: true }).click();
  await searchList(page, "Search resources", name);
  await main(page).getByRole("link", { name, exact: true }).click();
  await deleteFromDetail(page, "/resources");
});

test("a client, a binding, a credential and a claim rule: create, edit, delete", async ({ page }) => {
  // four entities created, edited and deleted through the forms: longer than the default 30 s when
  // it shares the 2 cores with the accessibility sweep (a CI run timed out mid-flow)
  test.setTimeout(90_000);
  const name = uniqueName("e2e-cli");
  await startNew(page, "Clients", "New client");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Kind").selectOption("job");
  await propose(page);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await main(page).getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Owner").fill("jobs@acme.example");
  await propose(page);
  await expect(main(page)).toContainText("jobs@acme.example");

  // binding, from the client's page
  await main(page).getByRole("link", { name: `bind ${name} to a profile` }).click();
  await pickEntity(page, "Profile", "ci-runner-dev");
  await page.getByLabel("Reason").fill("e2e binding");
  await propose(page);
  await expect(page.getByRole("heading", { level: 1, name: `${name} → ci-runner-dev` })).toBeVisible();
  await main(page).getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Reason", { exact: true }).fill("e2e binding, edited");
  await propose(page);
  await expect(main(page)).toContainText("e2e binding, edited");
  await deleteFromDetail(page, "/bindings");

  // credential, from the list
  await startNew(page, "Credentials", "New credential");
  await page.getByLabel("Client").selectOption({ label: `${name} (job)` });
  await page.getByLabel("Label").fill("e2e-vault");
  await expect(page.getByRole("note")).toContainText("cannot be changed");
  await page.getByRole("button", { name: "Issue secret" }).click();
  await expect(page.getByLabel("New client secret")).toContainText(/^pmt_sec_/);
  await page.getByRole("link", { name: /^Open credential/ }).click();
  await main(page).getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Label").fill("e2e-vault-2");
  await propose(page);
  await expect(main(page)).toContainText("e2e-vault-2");
  await deleteFromDetail(page, "/credentials");

  // claim rule, from the list
  const rule = uniqueName("e2e-rule");
  await startNew(page, "Claim rules", "New claim rule");
  await page.getByLabel("Name", { exact: true }).fill(rule);
  await page.getByLabel("Issuer").fill("https://token.actions.githubusercontent.com");
  await page.getByLabel("Profile").selectOption({ label: "ci-runner-dev" });
  await page.getByLabel("Claim conditions").fill(`repository=acme/${rule}\nref=refs/heads/main`);
  await propose(page);
  await expect(page.getByRole("heading", { level: 1, name: rule })).toBeVisible();
  await main(page).getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Description").fill("e2e rule, edited");
  await propose(page);
  await expect(main(page)).toContainText("e2e rule, edited");
  await deleteFromDetail(page, "/claim-rules");

  // and the client itself
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients", exact: true }).click();
  await searchList(page, "Search clients", name);
  await main(page).getByRole("link", { name, exact: true }).click();
  await deleteFromDetail(page, "/clients");
});

test("a profile: create, edit, delete", async ({ page }) => {
  const name = uniqueName("e2e-prof");
  await startNew(page, "Profiles", "New profile");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Environment").selectOption({ label: "dev" });
  await page.getByRole("button", { name: "Propose change" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await main(page).getByRole("link", { name: "Edit scopes and limits" }).click();
  await page.getByLabel("Reason", { exact: true }).fill("e2e profile edit");
  await addScopes(page, "orders-db:read", [{ name: "orders-db:read", environment: "dev" }]);
  await propose(page);
  // the profile's own page (the edit page's heading and form name the profile and the scope too)
  await expect(page).toHaveURL(/\/profiles\/[^/?]+\?done=\d+$/);
  await expect(page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
  await expect(main(page)).toContainText("orders-db:read");
  await deleteFromDetail(page, "/profiles");
});

test("bad input is named in words, never as a path or parser text", async ({ page }) => {
  await startNew(page, "Environments", "New environment");
  await page.getByLabel("Name", { exact: true }).fill("x");
  await page.getByLabel("Rank").fill("-3");
  await page.getByRole("button", { name: "Propose change" }).click();
  const errors = page.locator("[id$='-error']");
  await expect(errors.first()).toBeVisible();
  for (const text of await errors.allTextContents()) expect(text).not.toMatch(/operations\.\d|expected|received|NaN/);
  await expect(page.locator("#field-name-error")).toContainText("at least 2 characters");
});
