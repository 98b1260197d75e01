// The access graph: search a client, ask whether it can write a resource, see
// the highlighted path and the named grants (and a denial with its reason);
// open a pending change request on the graph and see its gained edges.
// Screenshots of each are kept as test artefacts.
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { hydrated, storageState } from "./helpers";

test.use({ storageState: storageState("admin") });

// seeded demo data (lib/seed/demo-data.ts): ci-orders is bound to
// deploy-orders-prod (and matched by the claim rule gha-orders-main), which
// holds orders-worker write in prod; nothing gives it orders-db write in prod.
// orders-readonly-prod holds orders-db read (not write) and is bound to several clients.
const client = "ci-orders";

async function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

const canvas = (page: Page) => page.getByRole("region", { name: "Access graph canvas" });
const node = (page: Page, name: string | RegExp) => canvas(page).getByRole("group", { name });

test("search a client, ask whether it can write a resource, see the path and the named grants", async ({ page }, testInfo) => {
  await page.goto("/graph");
  await expect(page.getByRole("heading", { name: "Access graph" })).toBeVisible();
  // the overview is drawn (aggregated by domain for the demo catalog)
  await expect(canvas(page).getByRole("group").first()).toBeVisible();

  await page.getByRole("combobox", { name: "Search the graph" }).fill(client);
  await page.getByRole("option", { name: new RegExp(`^${client} client`) }).click();
  await expect(page).toHaveURL(/focus=c%3A/);
  await expect(node(page, `client ${client}`)).toBeVisible();
  await expect(node(page, "profile deploy-orders-prod in prod")).toBeVisible();
  await expect(page.getByRole("heading", { name: `client ${client}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: `Blast radius of ${client}` })).toBeVisible();

  const panel = page.getByRole("complementary", { name: "Graph side panel" });
  await expect(panel.getByLabel("Client to check")).toHaveValue(client);
  await panel.getByLabel("Action to check").fill("write");
  await panel.getByLabel("Resource to check").fill("prod/orders-worker");
  await panel.getByRole("button", { name: "Ask" }).click();

  const answer = panel.getByRole("status", { name: "Answer" });
  await expect(answer).toContainText(`Allowed: ${client} can write prod/orders-worker`);
  const grants = answer.getByRole("list", { name: "Grants" });
  await expect(grants.getByRole("listitem")).toHaveCount(2);
  await expect(grants).toContainText("via binding");
  await expect(grants).toContainText("via claim rule gha-orders-main");
  // the version moves when other specs change this profile (the approval flow does)
  await expect(grants).toContainText(/profile deploy-orders-prod v\d+/);
  await expect(grants).toContainText("scope prod/orders-worker:write");

  // the path is highlighted: client -> profile (binding and claim rule) -> scope -> resource
  await expect(canvas(page).getByRole("img", { name: /on the path$/ })).toHaveCount(4);
  await expect(canvas(page).getByRole("img", { name: `claim rule ${client} to deploy-orders-prod, on the path` })).toBeAttached();
  await expect(canvas(page).getByRole("img", { name: "acts on orders-worker:write to orders-worker, on the path" })).toBeAttached();
  // the question is in the URL (a deep link)
  await expect(page).toHaveURL(/askClient=ci-orders&askAction=write&askResource=prod%2Forders-worker/);
  await shot(page, testInfo, "graph-can-write-allowed");

  // and a denial says why
  await panel.getByLabel("Resource to check").fill("prod/orders-db");
  await panel.getByRole("button", { name: "Ask" }).click();
  await expect(answer).toContainText(`Denied: no profile bound to ${client} holds orders-db:write`);
  await expect(canvas(page).getByRole("img", { name: /on the path$/ })).toHaveCount(0);
  await shot(page, testInfo, "graph-can-write-denied");

  // the deep link restores the view and the answer
  await page.reload();
  await expect(panel.getByRole("status", { name: "Answer" })).toContainText("Denied");
  await expect(node(page, `client ${client}`)).toBeVisible();
});

test("a pending change request on the graph shows its gained edges", async ({ page, browser }, testInfo) => {
  // an editor proposes orders-db write in prod for orders-readonly-prod: protected, so it waits (open)
  const editor = await browser.newContext({ storageState: storageState("editor") });
  const api = editor.request;
  const profiles = (await (await api.get("/api/v1/profiles?q=orders-readonly-prod")).json()) as { items: { id: string; name: string }[] };
  const profile = profiles.items.find((p) => p.name === "orders-readonly-prod")!;
  const scopes = (await (await api.get("/api/v1/scopes?q=orders-db:write&environment=prod")).json()) as { items: { id: string; name?: string; action: string; resource?: { name: string }; environment?: { name: string } }[] };
  expect(scopes.items.length, JSON.stringify(scopes)).toBeGreaterThan(0);
  const scope = scopes.items.find((s) => s.action === "write" && JSON.stringify(s).includes("prod"))!;
  const res = await api.post("/api/v1/changes", {
    data: {
      title: "e2e graph: orders-readonly-prod writes orders-db",
      reason: "e2e: pending change overlay on the access graph",
      operations: [{ kind: "update", entity: "profile", id: profile.id, data: { addScopeIds: [scope.id] } }],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const cr = (await res.json()) as { changeRequest: { number: number; status: string } };
  expect(cr.changeRequest.status).toBe("open");
  await editor.close();

  await page.goto("/graph");
  await hydrated(page);
  await page.getByRole("textbox", { name: "Change request number" }).fill(String(cr.changeRequest.number));
  await page.getByRole("button", { name: "Overlay" }).click();
  await expect(page).toHaveURL(new RegExp(`change=${cr.changeRequest.number}`));
  const banner = page.getByRole("region", { name: `Change request CR-${cr.changeRequest.number} overlay` });
  await expect(banner).toContainText("e2e graph: orders-readonly-prod writes orders-db");
  await expect(banner).toContainText("(open)");
  await expect(banner).toContainText(/Reach: \+\d+ grants for \d+ clients/);

  // focus on the profile: the new holds edge is drawn in green
  await page.getByRole("combobox", { name: "Search the graph" }).fill("orders-readonly-prod");
  await page.getByRole("option", { name: /^orders-readonly-prod profile/ }).click();
  await expect(node(page, "profile orders-readonly-prod in prod")).toBeVisible();
  await expect(banner).toContainText("1 edge gained");
  await expect(banner).toContainText("0 edges lost");
  const gained = canvas(page).getByRole("img", { name: "holds orders-readonly-prod to orders-db:write, gained" });
  await expect(gained).toBeAttached();
  await expect(gained).toHaveClass(/edge-gained/);
  await banner.getByText("Who gains and loses what").click();
  await expect(banner.getByRole("listitem").filter({ hasText: "+ alice.martin write prod/orders-db" })).toBeVisible();
  await shot(page, testInfo, "graph-pending-change-overlay");
});
