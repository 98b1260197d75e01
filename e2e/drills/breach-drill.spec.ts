// A breach drill end to end in the console: declare a fresh client
// compromised, contain it with a real incident action, complete the drill, and
// check the report against what happened. On PostgreSQL a second instance runs
// beside the first (PERIMETER_INSTANCES lists both): the canary must be
// rejected on both. On SQLite the drill probes the one instance.
import { readFileSync } from "node:fs";
import { expect, request, test } from "@playwright/test";
import { hydrated, storageState } from "../helpers";
import { boundClient, catalogFixture, oauthError, tokenRequest, basic } from "../oauth/oauth";
import { multiInstance } from "../server-env";
import { startSecondInstance, type Instance } from "./second-instance";

type Report = {
  drill: { number: number; client: { name: string }; objectiveSeconds: number };
  instances: { url: string; acceptedAt: string | null; rejectedAt: string | null }[];
  figures: { timeToFirstActionMs: number | null; timeToContainmentMs: number | null; propagationMs: number | null; objectiveMet: boolean };
  remaining: { resources: number };
  actions: { action: string; changeRequest: { number: number } | null }[];
  timeline: { at: string; kind: string; instance: string }[];
  gaps: string[];
};

test.use({ storageState: storageState("admin") });

let second: Instance | null = null;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  if (multiInstance) second = await startSecondInstance();
});
test.afterAll(async () => {
  await second?.stop();
});

test("a drill measures containment of a canary on every instance", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const f = await catalogFixture(baseURL, "drill");
  const client = await boundClient(f, "drill");
  const instances = [baseURL!, ...(second ? [second.url] : [])];

  // declared compromised from the client's page
  await page.goto(`/clients/${client.id}`);
  await hydrated(page);
  const before = Date.now();
  await page.getByRole("button", { name: "Start breach drill" }).click();
  await expect(page).toHaveURL(/\/drills\/\d+$/);
  const number = Number(page.url().split("/").at(-1));
  await expect(page.getByTestId("drill-status")).toHaveText("running");
  const table = page.getByRole("table", { name: "Which instances accept the canary" });
  for (const url of instances) await expect(table.getByRole("row", { name: new RegExp(`${url}\\s+accepted`) })).toBeVisible();

  // the responder uses the real incident action
  await page.getByRole("button", { name: "Suspend client" }).click();
  await expect(page.getByRole("status")).toContainText(`${client.name} suspended by CR-`);
  await expect(page.getByTestId("drill-status")).toHaveText("contained", { timeout: 15_000 });
  const containedSeen = Date.now();
  for (const url of instances) await expect(table.getByRole("row", { name: new RegExp(`${url}\\s+rejected`) })).toBeVisible();

  await page.getByRole("button", { name: "Complete drill" }).click();
  await expect(page.getByRole("heading", { name: "Report" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Drill findings" })).toContainText("None");

  // the report's figures against what happened
  const res = await f.admin.get(`/api/v1/drills/${number}/report?format=json`);
  expect(res.status()).toBe(200);
  const report = (await res.json()) as Report;
  expect(report.drill.client.name).toBe(client.name);
  expect(report.instances.map((i) => i.url).sort()).toEqual([...instances].sort());
  for (const i of report.instances) {
    expect(i.acceptedAt, `${i.url} accepted the canary first`).not.toBeNull();
    expect(i.rejectedAt, `${i.url} rejected it`).not.toBeNull();
  }
  const { timeToFirstActionMs, timeToContainmentMs, propagationMs, objectiveMet } = report.figures;
  expect(timeToFirstActionMs).toBeGreaterThan(0);
  expect(timeToContainmentMs).toBeGreaterThanOrEqual(timeToFirstActionMs!);
  // within what the test itself saw: from before the click to the page showing "contained"
  expect(timeToContainmentMs).toBeLessThanOrEqual(containedSeen - before);
  expect(propagationMs).toBe(timeToContainmentMs! - timeToFirstActionMs!);
  expect(objectiveMet).toBe(timeToContainmentMs! <= report.drill.objectiveSeconds * 1000);
  expect(report.actions.map((a) => a.action)).toEqual(["suspend"]);
  expect(report.remaining.resources).toBe(0);
  expect(report.gaps).toEqual([]);

  // the timeline in the order things happened
  const firstAt = (kind: string, instance?: string) => {
    const e = report.timeline.find((t) => t.kind === kind && (instance === undefined || t.instance === instance));
    expect(e, `${kind} ${instance ?? ""}`).toBeTruthy();
    return new Date(e!.at).getTime();
  };
  const acted = firstAt("action");
  for (const url of instances) {
    expect(firstAt("started")).toBeLessThanOrEqual(firstAt("canary.accepted", url));
    expect(firstAt("canary.accepted", url)).toBeLessThan(acted);
    expect(acted).toBeLessThanOrEqual(firstAt("canary.rejected", url));
    expect(firstAt("canary.rejected", url)).toBeLessThanOrEqual(firstAt("contained"));
  }
  expect(firstAt("contained")).toBeLessThanOrEqual(firstAt("completed"));

  // independently: every instance now refuses the client itself
  for (const url of instances) {
    const http = await request.newContext({ baseURL: url });
    await oauthError(await tokenRequest(http, { grant_type: "client_credentials" }, basic(client.name, client.secret)), 401, "invalid_client");
    await http.dispose();
  }

  // kept with the audit log
  const audit = await f.admin.get(`/api/v1/audit?type=drill&limit=50`);
  const events = ((await audit.json()) as { items: { action: string; targetName: string }[] }).items.filter((e) => e.targetName === `D-${number}`);
  expect(events.map((e) => e.action).sort()).toEqual(["drill.completed", "drill.contained", "drill.started"]);

  // exported as Markdown
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export Markdown" }).click();
  const markdown = readFileSync((await (await download).path())!, "utf8");
  expect(markdown).toContain(`# Breach drill D-${number}: ${client.name}`);
  for (const url of instances) expect(markdown).toContain(url);

  // listed on the Drills page
  await page.goto("/drills");
  await expect(page.getByRole("row", { name: new RegExp(`D-${number}\\s+${client.name}\\s+completed`) })).toBeVisible();

  // the containment rolls back as one change: the revert of the suspension
  await page.goto(`/drills/${number}`);
  await page.getByRole("button", { name: "Roll back containment" }).click();
  await expect(page.getByRole("status")).toContainText(`reverts CR-${report.actions[0]!.changeRequest!.number}`);
});
