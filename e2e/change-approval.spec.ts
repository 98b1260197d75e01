// The change-approval workflow across roles: an editor widens a prod profile
// through the edit form; it waits for two approvals including a domain owner;
// then it is applied, shows up as a new profile version and in the audit log.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { addScopes, type DemoRole, hydrated, signIn, storageState } from "./helpers";

test.describe.configure({ mode: "serial" });

// seeded demo data (lib/seed/demo-data.ts): deploy-orders-prod holds orders-api
// read and deploy in prod but not write; ana.costa (an approver) owns payments
const profileId = "prof-deploy-orders-prod";
const profileName = "deploy-orders-prod";
const scope = "orders-api:write";
const paymentsOwner = "ana.costa@perimeter.local";

let crNumber = 0;
const changePath = () => `/changes/${crNumber}`;

async function open(browser: Browser, role: DemoRole): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: storageState(role) });
  return { context, page: await context.newPage() };
}

const summary = (page: Page) => page.getByRole("region", { name: "Summary", exact: true });
const review = (page: Page) => page.getByRole("region", { name: "Review", exact: true });
/** The status badge: the first definition of the summary's description list. */
const status = (page: Page) => summary(page).getByRole("definition").first();

test("an editor proposes a prod write scope through the profile edit form and sees its risk and reach", async ({ browser }) => {
  const { context, page } = await open(browser, "editor");
  await page.goto(`/profiles/${profileId}`);
  await page.getByRole("link", { name: "Edit scopes and limits" }).click();
  await expect(page.getByRole("heading", { name: `Edit ${profileName}` })).toBeVisible();

  await addScopes(page, scope, [{ name: scope, environment: "prod" }]);
  await expect(page.getByRole("region", { name: "Proposed changes" })).toContainText(`+ ${scope} (prod)`);
  await page.getByLabel("Reason", { exact: true }).fill("e2e: the orders pipeline must write orders-api in prod");
  await page.getByRole("button", { name: "Propose change" }).click();

  const outcome = page.getByRole("status").filter({ hasText: "CR-" });
  await expect(outcome).toContainText(/CR-\d+ opened for review \(risk high\)/);
  crNumber = Number(/CR-(\d+)/.exec((await outcome.textContent()) ?? "")?.[1]);
  expect(crNumber).toBeGreaterThan(0);

  await outcome.getByRole("link", { name: `CR-${crNumber}`, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${changePath()}$`));
  await expect(status(page)).toHaveText("open");
  await expect(summary(page).getByRole("definition").nth(1)).toHaveText("high");
  await expect(summary(page).getByRole("list", { name: "Risk reasons" })).toContainText("grants write/admin in a protected environment");

  const reach = page.getByRole("region", { name: "Reach delta" });
  await expect(reach).toContainText(/1 client gains 1 grant/);
  const gained = reach.getByRole("table", { name: `Access gained through CR-${crNumber}` });
  await expect(gained.getByRole("row").filter({ hasText: "ci-orders" })).toContainText("write");
  await expect(gained.getByRole("row").filter({ hasText: "ci-orders" })).toContainText("orders-api");

  // the author cannot approve: no approve button, and the reason is shown
  await expect(review(page)).toContainText(/0 of 2 approvals; needs an owner of payments/);
  await expect(review(page).getByText("You cannot approve your own request")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Apply", exact: true })).toHaveCount(0);
  await context.close();
});

test("the approver finds it under Needs my review and approves: one approval is not enough", async ({ browser }) => {
  const { context, page } = await open(browser, "approver");
  await page.goto("/changes?view=review");
  const tabs = page.getByRole("navigation", { name: "Change request views" });
  await expect(tabs.getByRole("link", { name: /Needs my review/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Changes/ })).toContainText(/need your review/);
  await page.getByRole("link", { name: `CR-${crNumber}`, exact: true }).click();

  await review(page).getByLabel("Comment", { exact: true }).fill("Looks right for the deploy pipeline.");
  await review(page).getByRole("button", { name: "Approve", exact: true }).click();
  await expect(review(page).getByRole("status")).toContainText("still needs more approvals");
  await expect(status(page)).toHaveText("open");
  await expect(review(page)).toContainText(/1 of 2 approvals/);
  await expect(review(page).getByRole("table", { name: `Reviews of CR-${crNumber}` })).toContainText("approver@perimeter.local");

  // approved by me: no longer in my inbox
  await page.goto("/changes?view=review");
  await expect(page.getByRole("link", { name: `CR-${crNumber}`, exact: true })).toHaveCount(0);
  await context.close();
});

test("the payments owner approves: the request is approved", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, paymentsOwner);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto(changePath());
  await hydrated(page);
  await review(page).getByRole("button", { name: "Approve", exact: true }).click();
  await expect(review(page).getByRole("status")).toContainText("has every approval it needs");
  await expect(status(page)).toHaveText("approved");
  await expect(review(page)).toContainText(/2 of 2 approvals/);
  await expect(review(page).getByRole("row").filter({ hasText: paymentsOwner })).toContainText("domain owner");
  await context.close();
});

test("the author applies it, and the profile and the audit log show it", async ({ browser }) => {
  const { context, page } = await open(browser, "editor");
  await page.goto(changePath());
  await hydrated(page);
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  // a high-risk change applies only after a confirmation naming its reach delta
  const confirm = page.getByRole("dialog", { name: `Apply CR-${crNumber}, a high-risk change?` });
  await expect(confirm).toContainText("1 client gains 1 grant");
  await confirm.getByRole("button", { name: `Apply CR-${crNumber}` }).click();
  const applied = review(page).getByRole("status").filter({ hasText: "applied" });
  await expect(applied).toContainText(`CR-${crNumber} applied`);
  await expect(applied.getByRole("list", { name: "Applied operations" })).toContainText(`update profile ${profileName}`);
  await expect(status(page)).toHaveText("applied");
  await expect(page.getByRole("button", { name: "Revert" })).toBeVisible();

  await page.goto(`/profiles/${profileId}`);
  const current = page.getByRole("table", { name: `Versions of ${profileName}, newest first` }).getByRole("row").nth(1);
  await expect(current).toContainText("current");
  await expect(current).toContainText(`+ ${scope}`);
  await expect(current.getByRole("link", { name: `CR-${crNumber}` })).toBeVisible();

  await page.goto(`/audit?cr=${crNumber}`);
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row")).toHaveCount(6);
  // newest first
  await expect(events.locator("tbody tr td:nth-child(4)")).toHaveText(["change.applied", "profile.updated", "change.approved", "change.approved", "change.opened"]);
  await context.close();
});
