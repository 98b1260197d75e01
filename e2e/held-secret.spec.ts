// A reviewed request that creates a client secret: the approver applies it
// and never sees the secret; the author sees it once on the change request,
// it works at the token endpoint, and the client's audit trail shows it all.
import { expect, test } from "@playwright/test";
import { hydrated, storageState, uniqueName } from "./helpers";

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

test("a reviewed request's new secret is shown to its author once, never to the applier", async ({ browser, request }) => {
  const name = uniqueName("e2e-held");
  const editor = await browser.newContext({ storageState: storageState("editor") });
  const approver = await browser.newContext({ storageState: storageState("approver") });

  // a new service client with a secret, bound to a read-only prod profile: medium risk, one approval
  const res = await editor.request.post("/api/v1/changes", {
    data: {
      title: `Onboard ${name}`,
      reason: "e2e: a held secret",
      operations: [
        { entity: "client", kind: "create", id: name, data: { name, kind: "service" } },
        { entity: "credential", kind: "create", data: { clientId: name, kind: "secret" } },
        { entity: "binding", kind: "create", data: { clientId: name, profileId: "prof-orders-readonly-prod" } },
      ],
    },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const opened = (await res.json()) as { changeRequest: { number: number; status: string } };
  expect(opened.changeRequest.status).toBe("open");
  const path = `/changes/${opened.changeRequest.number}`;

  const applierPage = await approver.newPage();
  await applierPage.goto(path);
  await hydrated(applierPage);
  const review = applierPage.getByRole("region", { name: "Review", exact: true });
  await review.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(review.getByRole("status")).toContainText("has every approval it needs");
  await applierPage.getByRole("button", { name: "Apply", exact: true }).click();
  const applied = review.getByRole("status").filter({ hasText: "applied" });
  await expect(applied).toContainText("is sealed for editor@perimeter.local");
  await expect(applierPage.locator('input[value^="pmt_sec_"]')).toHaveCount(0);
  await expect(applierPage.getByRole("region", { name: "New credential secrets for you" })).toHaveCount(0);

  const authorPage = await editor.newPage();
  await authorPage.goto(path);
  await hydrated(authorPage);
  const pickup = authorPage.getByRole("region", { name: "New credential secrets for you" });
  await pickup.getByRole("button", { name: "Show the secret once" }).click();
  const shown = pickup.getByRole("textbox", { name: /^Secret of / });
  await expect(shown).toHaveValue(/^pmt_sec_[0-9a-f]{12}_/);
  const secret = await shown.inputValue();

  // it works, and it is gone from Perimeter
  const token = await request.post("/oauth/token", { headers: { authorization: basic(name, secret) }, form: { grant_type: "client_credentials" } });
  expect(token.status(), await token.text()).toBe(200);
  await authorPage.reload();
  await expect(authorPage.getByRole("heading", { name: new RegExp(`CR-${opened.changeRequest.number}`) })).toBeVisible();
  await expect(authorPage.getByRole("region", { name: "New credential secrets for you" })).toHaveCount(0);

  // the client's audit trail: held and shown, never the secret itself
  await authorPage.goto(`/audit?client=${name}`);
  const events = authorPage.getByRole("table", { name: "Audit events" });
  await expect(events).toContainText("credential.secret_revealed");
  await expect(events).toContainText("credential.secret_held");
  await expect(events).toContainText("binding.created");
  await expect(events).not.toContainText(secret);
  await editor.close();
  await approver.close();
});
