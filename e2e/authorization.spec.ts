import { expect, test, type APIRequestContext } from "@playwright/test";
import { storageState, uniqueName, type DemoRole } from "./helpers";

function newResourceChange(name: string, environmentId: string, domainId: string) {
  return {
    title: `Register ${name}`,
    operations: [{ entity: "resource", kind: "create", data: { name, kind: "compute", environmentId, domainId } }],
  };
}

async function refs(request: APIRequestContext) {
  const res = await request.get("/api/v1/refs");
  expect(res.ok()).toBeTruthy();
  return (await res.json()) as { environments: { id: string; name: string }[]; domains: { id: string; name: string }[] };
}

async function countByName(request: APIRequestContext, name: string) {
  const res = await request.get(`/api/v1/resources?q=${name}`);
  return ((await res.json()) as { total: number }).total;
}

for (const [role, allowed] of [
  ["viewer", false],
  ["editor", true],
] as [DemoRole, boolean][]) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: storageState(role) });

    test(`a write is ${allowed ? "applied" : "refused with 403 and changes nothing"}`, async ({ page }) => {
      const { environments, domains } = await refs(page.request);
      const env = environments.find((e) => e.name === "dev")!;
      const domain = domains.find((d) => d.name === "platform")!;
      const name = uniqueName(`e2e-${role}`);
      const res = await page.request.post("/api/v1/changes", { data: newResourceChange(name, env.id, domain.id) });
      if (allowed) {
        expect(res.status()).toBe(201);
        expect(await countByName(page.request, name)).toBe(1);
        await page.goto(`/resources?q=${name}`);
        await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
      } else {
        expect(res.status()).toBe(403);
        expect(res.headers()["content-type"]).toContain("application/problem+json");
        expect(((await res.json()) as { detail: string }).detail).toContain("viewer");
        expect(await countByName(page.request, name)).toBe(0);
      }
    });
  });
}

test.describe("as editor, bad input", () => {
  test.use({ storageState: storageState("editor") });

  test("gets a 400 problem naming the field, and nothing is written", async ({ page }) => {
    const { environments, domains } = await refs(page.request);
    const name = uniqueName("e2e-bad");
    const res = await page.request.post("/api/v1/changes", {
      data: {
        title: "Half-valid",
        operations: [
          { entity: "resource", kind: "create", data: { name, kind: "compute", environmentId: environments[0]!.id, domainId: domains[0]!.id } },
          { entity: "resource", kind: "create", data: { name: "Not Valid", kind: "compute", environmentId: environments[0]!.id, domainId: domains[0]!.id } },
        ],
      },
    });
    expect(res.status()).toBe(400);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors[0]?.field).toBe("operations.1.data.name");
    expect(await countByName(page.request, name)).toBe(0);
  });
});

test("the API refuses an anonymous caller with 401", async ({ request }) => {
  const res = await request.get("/api/v1/resources");
  expect(res.status()).toBe(401);
});
