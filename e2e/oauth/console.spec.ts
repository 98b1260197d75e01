// The token service in the console: the Token service page (trusted issuers,
// signing keys) and a client's credential and incident actions.
import { expect, test } from "@playwright/test";
import { exportJWK, generateKeyPair } from "jose";
import { hydrated, storageState, uniqueName } from "../helpers";
import { boundClient, catalogFixture, clientCredentials, introspect } from "./oauth";

test.use({ storageState: storageState("admin") });

test("an admin trusts an issuer from the Token service page and sees the signing keys", async ({ page }) => {
  const name = uniqueName("e2e-ui-ci");
  const jwk = { ...(await exportJWK((await generateKeyPair("ES256")).publicKey)), kid: "k1" };
  await page.goto("/issuers");
  await expect(page.getByRole("heading", { name: "Token service" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Signing keys" }).getByText("active", { exact: true })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Issuer URL").fill(`https://${name}.example`);
  await page.getByLabel("Audience").fill("perimeter");
  await page.getByLabel("JWKS (JSON)").fill(JSON.stringify({ keys: [jwk] }));
  await page.getByRole("button", { name: "Trust this issuer" }).click();
  await expect(page.getByRole("status")).toContainText(`${name} is trusted`);
  await expect(page.getByRole("table", { name: "Trusted issuers" }).getByRole("cell", { name, exact: true })).toBeVisible();
});

test("a client's page issues a secret shown once, and revokes every token in an incident", async ({ page, request, baseURL }) => {
  const f = await catalogFixture(baseURL, "ui");
  const client = await boundClient(f, "ui-svc");
  const token = await clientCredentials(request, client);
  await page.goto(`/clients/${client.id}`);
  // issuing goes through the credential form: a label and an expiry, never a one-click never-expiring secret
  await page.getByRole("link", { name: "Issue a secret…" }).click();
  await page.getByLabel("Label").fill("e2e-vault");
  await expect(page.getByLabel("Expires after (days)")).toHaveValue(/^\d+$/);
  await page.getByRole("button", { name: "Issue secret" }).click();
  await expect(page.getByLabel("New client secret")).toContainText(/^pmt_sec_/);
  // shown once, so it can be copied in one click, and the page says it was
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy to clipboard" }).click();
  await expect(page.getByText("Copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe((await page.getByLabel("New client secret").textContent())?.trim());
  await page.goto(`/clients/${client.id}`);
  await hydrated(page);

  page.once("dialog", (d) => void d.accept());
  await page.getByLabel("Reason (audited)").fill("e2e drill");
  await page.getByRole("button", { name: "Revoke all tokens" }).click();
  await expect(page.getByRole("status").filter({ hasText: "live token revoked" })).toContainText("1 live token revoked");
  expect(await introspect(request, client, token.access_token)).toEqual({ active: false });
});
