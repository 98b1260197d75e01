import { expect, test as setup } from "@playwright/test";
import { roles, signIn, storageState } from "./helpers";

for (const role of roles) {
  setup(`sign in as ${role} through the form`, async ({ page }) => {
    await signIn(page, role);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(page.getByRole("button", { name: new RegExp(`${role}@perimeter.local`) })).toContainText(role);
    await page.context().storageState({ path: storageState(role) });
  });
}
