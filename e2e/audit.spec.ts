import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { storageState } from "./helpers";

test.use({ storageState: storageState("admin") });

test("an admin filters the audit log to one change request, sees its history, and exports it", async ({ page }) => {
  await page.goto("/audit");
  await page.getByLabel("Change request").fill("1");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]cr=1(&|$)/);

  const rows = page.getByRole("table", { name: "Audit events" }).locator("tbody tr");
  // the pager follows the table: once it shows, the filtered page is complete
  await expect(page.getByText(/^Showing \d+ events/)).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(1);
  // every row belongs to CR-1, and the history runs from the catalog changes to the request's own events
  await expect(rows.getByRole("link", { name: "CR-1", exact: true })).toHaveCount(count);
  await expect(rows.filter({ hasText: /change\.applied/ })).toHaveCount(1);

  await test.step("export the filtered history as CSV", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^perimeter-audit-cr-1-\d{8}T\d{6}Z\.csv$/);
    const text = readFileSync((await file.path())!, "utf8");
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("seq,at,actor,actorId,action,targetType,targetId,targetName,changeRequest,before,after,prevHash,hash");
    expect(lines).toHaveLength(count + 1);
    expect(lines.slice(1).some((l) => l.includes(",change.applied,"))).toBe(true);
    await expect(page.getByRole("status").filter({ hasText: "Exported" })).toContainText(`Exported ${count} events (`);
  });

  await test.step("and as NDJSON", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export NDJSON" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.ndjson$/);
    const events = readFileSync((await file.path())!, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { changeRequest: number; seq: number });
    expect(events).toHaveLength(count);
    expect(events.every((e) => e.changeRequest === 1)).toBe(true);
  });
});

test("an admin opens the drift page and fixes a finding with one click, which opens the change request", async ({ page }) => {
  await page.goto("/drift");
  await expect(page.getByRole("heading", { name: "Drift", exact: true })).toBeVisible();
  const findings = page.getByRole("list", { name: "Drift findings" });
  const item = findings.getByRole("listitem").filter({ hasText: "key-terraform-prod holds" });
  await expect(item).toContainText("Client holding catch-all or production admin scopes");

  await item.getByRole("button", { name: "Expire in 7 days: fix key-terraform-prod" }).click();
  // the item now links to the change request it opened (first from the button, then from the refreshed list)
  const link = item.getByRole("link", { name: /^CR-\d+$/ });
  // click the refreshed list's link, not the button's, which the refresh replaces
  await expect(item).toContainText(/Fix proposed in CR-\d+/);
  await link.click();

  await expect(page).toHaveURL(/\/changes\/\d+$/);
  await expect(page.getByRole("heading", { name: /^CR-\d+: Make key-terraform-prod's privileged access temporary$/ })).toBeVisible();

  // back on the drift page, the finding points at its change request instead of offering a second fix
  await page.goto("/drift?kind=privileged-client");
  await expect(page.getByRole("listitem").filter({ hasText: "key-terraform-prod holds" })).toContainText(/Fix proposed in CR-\d+/);
});

test("an admin runs an access review over an environment: the revocation becomes one change request", async ({ page }) => {
  await page.goto("/reviews");
  await page.getByLabel("Name", { exact: true }).fill("E2E staging review");
  await page.getByLabel("Over").selectOption("environment");
  await page.getByLabel("Environment", { exact: true }).selectOption("staging");
  await page.getByRole("button", { name: "Start review" }).click();
  await expect(page).toHaveURL(/\/reviews\/[^/?]+$/);
  await expect(page.getByRole("heading", { name: "E2E staging review" })).toBeVisible();

  const revoke = page.getByRole("button", { name: /^Revoke / });
  const confirm = page.getByRole("button", { name: /^Confirm / });
  await expect(revoke.first()).toBeVisible();
  const items = await revoke.count();
  expect(items).toBeGreaterThan(1);
  await revoke.first().click();
  await expect(revoke.first()).toHaveAttribute("aria-pressed", "true");
  for (let i = 1; i < items; i++) {
    await confirm.nth(i).click();
    await expect(confirm.nth(i)).toHaveAttribute("aria-pressed", "true");
  }
  await page.getByRole("button", { name: "Complete and propose 1 revocation" }).click();
  await expect(page.getByText(/^Revocations/).first()).toBeVisible();
  await page.getByRole("link", { name: /^CR-\d+$/ }).first().click();
  await expect(page.getByRole("heading", { name: /^CR-\d+: Access review "E2E staging review": revoke 1 binding$/ })).toBeVisible();
});
