// Console sessions live on the server: signing out ends the session itself, so
// a copy of the cookie taken before stops working for every page and the API.
import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

/** Every console page, from the routes on disk (dynamic segments filled with ids that need not exist). */
function consolePaths(dir = path.resolve(import.meta.dirname, "../app/(console)"), prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isFile()) return e.name === "page.tsx" ? [prefix || "/"] : [];
    if (!e.isDirectory()) return [];
    const segment = e.name.startsWith("[") ? (e.name === "[number]" ? "1" : "no-such-id") : e.name;
    return consolePaths(path.join(dir, e.name), `${prefix}/${segment}`);
  });
}

test("signing out ends the session on the server: a copy of its cookie reaches no page and no API", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  // its own sign-in, so the stored sessions of other tests go on
  await signIn(page, "viewer");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const copy = await browser.newContext({ baseURL });
  await copy.addCookies(await page.context().cookies());
  const thief = await copy.newPage();
  await thief.goto("/resources");
  await expect(thief.getByRole("heading", { name: "Resources" })).toBeVisible();
  expect((await copy.request.get("/api/v1/resources")).status()).toBe(200);

  const menu = page.getByRole("button", { name: /viewer@perimeter.local/ });
  const signOut = page.getByRole("menuitem", { name: "Sign out" });
  await expect(async () => {
    if (!(await signOut.isVisible())) await menu.click();
    await expect(signOut).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await signOut.click();
  await expect(page).toHaveURL(/\/login/);

  await thief.goto("/resources");
  await expect(thief).toHaveURL(/\/login/);
  await expect(thief.getByRole("heading", { name: "Sign in" })).toBeVisible();
  const api = await copy.request.get("/api/v1/resources");
  expect(api.status()).toBe(401);

  // every console page, each checked on its own (not only by the layout)
  const paths = consolePaths();
  expect(paths.length).toBeGreaterThan(25);
  // the copy still holds the cookie: it is the server that refuses it
  expect((await copy.cookies()).some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);
  for (const p of paths) {
    const res = await copy.request.get(p, { maxRedirects: 0 });
    expect([p, res.status(), res.headers().location ?? ""]).toEqual([p, 307, expect.stringMatching(/\/login$/)]);
  }
  await copy.close();
});
