// The after-the-fact review queue: the seeded emergency change that still
// waits for review is counted in the sidebar, listed under its own inbox tab,
// and confirmed from its page by an approver who did not make it.
import { expect, test } from "@playwright/test";
import { storageState } from "./helpers";

test.use({ storageState: storageState("approver") });

test("an approver finds the emergency change in the queue and confirms it after the fact", async ({ page }) => {
  await page.goto("/");
  const changes = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Changes/ });
  await expect(changes).toContainText(/emergency changes to review after the fact/);
  await changes.click();
  await page.getByRole("link", { name: /Emergency: review after the fact/ }).click();
  const queue = page.getByRole("table", { name: "Emergency changes waiting for review after the fact" });
  const first = queue.getByRole("link", { name: /^CR-\d+$/ }).first();
  const number = (await first.textContent())!.trim();
  await first.click();

  const review = page.getByRole("region", { name: "After-the-fact review" });
  await expect(review).toContainText("applied first under the emergency rule");
  // reverting needs a reason: refused in words, nothing changes
  await review.getByRole("button", { name: "Revert emergency change" }).click();
  await expect(review.getByRole("alert")).toContainText("Comment: say why");
  await review.getByLabel("Comment (needed to revert)").fill("e2e: checked with the on-call, the fix was right");
  await review.getByRole("button", { name: "Confirm emergency change" }).click();
  await expect(review).toContainText(/Confirmed by approver@perimeter\.local/);

  await page.goto("/changes?view=emergency");
  await expect(page.getByRole("link", { name: number, exact: true })).toHaveCount(0);
});
