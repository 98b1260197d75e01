// Settings → Alert rules and the webhook payload format, in the browser.
// One test only touches the alert rules (a shared setting), restoring them.
import { expect, test } from "@playwright/test";
import { hydrated, storageState, uniqueName } from "./helpers";

test.use({ storageState: storageState("admin") });

test("an admin switches an alert rule off and on again; the setting survives a reload", async ({ page }) => {
  await page.goto("/settings");
  await hydrated(page);
  const section = page.getByRole("region", { name: "Alert rules" });
  const drill = section.getByRole("checkbox", { name: "a breach drill fails" });
  await expect(drill).toBeChecked();
  await drill.uncheck();
  await section.getByRole("button", { name: "Save alert rules" }).click();
  await expect(section.getByRole("status")).toHaveText("Alert rules saved.");
  await page.reload();
  await hydrated(page);
  await expect(section.getByRole("checkbox", { name: "a breach drill fails" })).not.toBeChecked();
  await section.getByRole("checkbox", { name: "a breach drill fails" }).check();
  await section.getByRole("button", { name: "Save alert rules" }).click();
  await expect(section.getByRole("status")).toHaveText("Alert rules saved.");
});

test("an admin adds a Slack-format webhook for alerts", async ({ page }) => {
  await page.goto("/settings");
  const name = uniqueName("slack-alerts");
  await page.getByLabel("Webhook name").fill(name);
  await page.getByLabel("Payload URL").fill("https://hooks.example.com/services/T000/B000/XXXX");
  await page.getByLabel("Payload format").selectOption("slack");
  await page.getByRole("checkbox", { name: /alert\.raised/ }).check();
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Webhook ${name} added` })).toBeVisible();
});
