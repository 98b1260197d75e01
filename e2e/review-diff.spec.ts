// A reviewer reads what a change does before approving it: every operation's
// fields before → after, scopes by name added and removed, who can still
// give each missing approval; applying a high-risk change asks for a
// confirmation that names its reach delta.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { addScopes, type DemoRole, hydrated, searchList, signIn, storageState } from "./helpers";

test.describe.configure({ mode: "serial" });

// seeded: bastion-access-prod (platform, prod) holds bastion read and write; approver@ and chris.osei own platform
const profile = "bastion-access-prod";
const scope = "bastion:admin";
let crNumber = 0;

async function as(browser: Browser, role: DemoRole) {
  const context = await browser.newContext({ storageState: storageState(role) });
  return { context, page: await context.newPage() };
}

const operations = (page: Page) => page.getByRole("region", { name: /What it changes/ });
const review = (page: Page) => page.getByRole("region", { name: "Review", exact: true });

test("an editor proposes admin on the prod bastion from the profile's page", async ({ browser }) => {
  const { context, page } = await as(browser, "editor");
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profiles", exact: true }).click();
  await searchList(page, "Search profiles", profile);
  await page.getByRole("main").getByRole("link", { name: profile, exact: true }).click();
  await page.getByRole("link", { name: "Edit scopes and limits" }).click();
  await addScopes(page, scope, [{ name: scope, environment: "prod" }]);
  await page.getByLabel("Reason", { exact: true }).fill("e2e: emergency maintenance needs admin on the bastion");
  await page.getByRole("button", { name: "Propose change" }).click();
  const outcome = page.getByRole("status").filter({ hasText: "CR-" });
  await expect(outcome).toContainText(/opened for review/);
  crNumber = Number(/CR-(\d+)/.exec((await outcome.textContent()) ?? "")?.[1]);
  expect(crNumber).toBeGreaterThan(0);
  await context.close();
});

test("the approver reads the diff by name before approving, and sees who else can approve", async ({ browser }) => {
  const { context, page } = await as(browser, "approver");
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Changes/ }).click();
  await page.getByRole("link", { name: /Needs my review/ }).click();
  await expect(page.getByRole("link", { name: /Needs my review/ })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: `CR-${crNumber}`, exact: true }).click();

  const ops = operations(page);
  await expect(ops).toContainText(`update profile ${profile}`);
  await expect(ops).toContainText("planned: not applied yet");
  const added = ops.getByRole("list", { name: "Scopes added" });
  await expect(added).toContainText(`+ ${scope} (prod)`);
  // no raw ids anywhere in the diff
  await expect(ops.getByRole("table")).not.toContainText(/scopeIds|addScopeIds|scp-|\bc[a-z0-9]{20,}\b/);

  // the missing requirements name people who can still give them
  const still = review(page).getByRole("list", { name: "Still needed" });
  await expect(still).toContainText("chris.osei@perimeter.local");
  await expect(review(page)).not.toContainText("3 of 2");

  await review(page).getByRole("button", { name: "Approve", exact: true }).click();
  await expect(review(page).getByRole("status")).toContainText("still needs more approvals");
  await expect(review(page)).toContainText(/1 of 2 approvals/);
  await context.close();
});

test("a second platform owner approves; an admin applies after confirming the reach delta", async ({ browser }) => {
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await signIn(ownerPage, "chris.osei@perimeter.local");
  await expect(ownerPage.getByRole("heading", { name: "Overview" })).toBeVisible();
  await ownerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Changes/ }).click();
  await ownerPage.getByRole("link", { name: /Needs my review/ }).click();
  await expect(ownerPage.getByRole("link", { name: /Needs my review/ })).toHaveAttribute("aria-current", "page");
  await ownerPage.getByRole("link", { name: `CR-${crNumber}`, exact: true }).click();
  await expect(operations(ownerPage).getByRole("list", { name: "Scopes added" })).toContainText(scope);
  await review(ownerPage).getByRole("button", { name: "Approve", exact: true }).click();
  await expect(review(ownerPage)).toContainText(/2 of 2 approvals/);
  await owner.close();

  const { context, page } = await as(browser, "admin");
  await page.goto("/changes");
  await page.getByRole("link", { name: `CR-${crNumber}`, exact: true }).click();
  await review(page).getByRole("button", { name: "Apply", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: new RegExp(`Apply CR-${crNumber}, a (high|critical)-risk change`) });
  await expect(confirm).toContainText(/gains? \d+ grants?/);
  await confirm.getByRole("button", { name: `Apply CR-${crNumber}` }).click();
  await expect(review(page).getByRole("status").filter({ hasText: "applied" })).toContainText(`CR-${crNumber} applied`);

  // after apply the same readable diff, from the audit trail
  await page.reload();
  await expect(operations(page)).not.toContainText("planned: not applied yet");
  await expect(operations(page).getByRole("list", { name: "Scopes added" })).toContainText(`+ ${scope} (prod)`);

  // put the seed back for other specs: revert it (a narrowing, applied at once or reviewed like any other)
  await hydrated(page);
  await review(page).getByRole("button", { name: "Revert" }).click();
  await expect(review(page).getByRole("status").filter({ hasText: "revert" })).toBeVisible();
  await context.close();
});
