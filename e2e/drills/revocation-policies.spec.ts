// Revocation policies in the console (configured in Settings, dry run on the
// Drift page) and the drill and policy endpoints' refusals: the field named
// in a 400, the role in a 403.
import { expect, request, test } from "@playwright/test";
import { adminSession } from "../api/api";
import { storageState } from "../helpers";

type Problem = { status: number; errors?: { field: string }[] };

test.describe("as admin", () => {
  test.use({ storageState: storageState("admin") });

  test("a policy saved in Settings runs dry from the Drift page and changes nothing", async ({ page }) => {
    await page.goto("/settings");
    const form = page.getByRole("form", { name: "Revocation policies" });
    await form.getByRole("checkbox", { name: "Suspend clients whose every grant expired" }).check();
    await form.getByRole("button", { name: "Save revocation policies" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved.");
    await expect(form).toContainText("Scheduled runs act for the admin who saved the policies (now admin@perimeter.local)");

    await page.goto("/drift");
    await page.getByRole("button", { name: "Dry run revocation policies" }).click();
    await expect(page.getByRole("status", { name: "Revocation run result" })).toContainText("Dry run: the policies would");
    await expect(page.getByRole("table", { name: "Recent revocation policy runs" }).getByRole("row", { name: /dry run by admin@perimeter\.local/ }).first()).toBeVisible();
  });

  test("bad input is a 400 naming the field", async ({ baseURL }) => {
    const admin = await adminSession(baseURL);
    const cases: [string, "post" | "put", unknown, string][] = [
      ["/api/v1/drills", "post", { clientId: "" }, "clientId"],
      ["/api/v1/drills", "post", { clientId: "no-such-client-anywhere" }, "clientId"],
      ["/api/v1/drills", "post", { clientId: "ci-orders", scheduledFor: "tomorrow" }, "scheduledFor"],
      ["/api/v1/revocation-policies/run", "post", { dryRun: "yes" }, "dryRun"],
      ["/api/v1/drills/policy", "put", { objectiveSeconds: 0 }, "objectiveSeconds"],
    ];
    for (const [path, method, data, field] of cases) {
      const res = await admin[method](path, { data });
      const body = (await res.json()) as Problem;
      expect([400, 404], `${path} ${JSON.stringify(data)}`).toContain(res.status());
      expect(body.errors?.map((e) => e.field)).toContain(field);
    }
    await admin.dispose();
  });
});

test("a viewer may read drills but neither start one nor run the policies", async ({ baseURL }) => {
  const viewer = await request.newContext({ baseURL, storageState: storageState("viewer") });
  expect((await viewer.get("/api/v1/drills")).status()).toBe(200);
  expect((await viewer.post("/api/v1/drills", { data: { clientId: "ci-orders" } })).status()).toBe(403);
  expect((await viewer.post("/api/v1/revocation-policies/run", { data: { dryRun: true } })).status()).toBe(403);
  await viewer.dispose();
});
