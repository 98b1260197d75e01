// Console sign-in against a Perimeter server of this spec's own, configured for
// a real OpenID provider run here (oidc-provider, e2e/sso/test-idp.ts) and for
// a trusted proxy at 127.0.0.1 (so each test can be its own client address
// through X-Forwarded-For):
// - SSO with the claims in the ID token, and with the claims only from userinfo;
// - an unverified e-mail address is never linked to an existing account;
// - the sign-in throttle per account and per client address, with its message;
// - disabling a user ends their console session and stops their API tokens.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoPassword, hydrated } from "./helpers";
import { freePort, startPerimeter, type PerimeterServer } from "./sso/perimeter-server";
import { startTestIdp, type TestIdp } from "./sso/test-idp";

test.describe.configure({ mode: "serial" });

let idp: TestIdp;
let perimeter: PerimeterServer;
let url = "";

const accounts = {
  alice: { email: "alice@sso.test", email_verified: true, name: "Alice Id-Token" },
  uma: { email: "uma@sso.test", email_verified: true, name: "Uma Userinfo" },
  // claims the demo admin's address without the provider having verified it
  mallory: { email: "admin@perimeter.local", email_verified: false, name: "Mallory" },
  dana: { email: "dana@sso.test", email_verified: true, name: "Dana" },
};

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const port = await freePort();
  idp = await startTestIdp({ accounts, redirectUri: () => `http://127.0.0.1:${port}/api/auth/callback/oidc` });
  perimeter = await startPerimeter(port, {
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    PERIMETER_TRUSTED_PROXIES: "127.0.0.1",
  });
  url = perimeter.url;
});

test.afterAll(async () => {
  await perimeter?.stop();
  await idp?.close();
});

/** The sign-in form's message (Next's route announcer is an empty alert too). */
const formAlert = (page: Page) => page.getByRole("alert").filter({ hasText: /\w/ });

/** Through the console's "Single sign-on" button; the IdP asks who you are unless it already knows. */
async function ssoSignIn(page: Page, account: keyof typeof accounts) {
  await page.goto(`${url}/login`);
  await page.getByRole("button", { name: "Continue with Single sign-on" }).click();
  // at the IdP's form, or back at Perimeter: signed in, or refused with a reason
  await page.waitForURL((u) => u.origin === idp.issuer || !u.pathname.startsWith("/login") || u.searchParams.has("error"));
  if (new URL(page.url()).origin === idp.issuer) {
    await page.getByLabel("Account").fill(account);
    await page.getByRole("button", { name: "Sign in at the IdP" }).click();
    await page.waitForURL((u) => u.origin === url);
  }
}

async function passwordSignIn(page: Page, email: string, password = demoPassword) {
  await page.goto(`${url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

const userMenu = (page: Page, email: string) => page.getByRole("button", { name: new RegExp(email.replace(".", "\\.")) });

test.describe("single sign-on against a local OpenID provider", () => {
  test("claims in the ID token: signs in and creates the user with the default role, without asking userinfo", async ({ page }) => {
    idp.use("id_token");
    await ssoSignIn(page, "alice");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(userMenu(page, "alice@sso.test")).toContainText("viewer");
    expect(idp.userinfoCalls()).toBe(0);
  });

  test("claims only from userinfo (OIDC Core 5.4, oidc-provider's default): signs in too", async ({ page }) => {
    idp.use("userinfo");
    await ssoSignIn(page, "uma");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(userMenu(page, "uma@sso.test")).toContainText("viewer");
    expect(idp.userinfoCalls()).toBeGreaterThan(0);
  });

  test("an unverified e-mail address is not linked to the existing account that has it", async ({ page }) => {
    idp.use("userinfo");
    await ssoSignIn(page, "mallory");
    await expect(page).toHaveURL(/\/login\?error=SsoEmailNotVerified/);
    await expect(formAlert(page)).toContainText("did not confirm your e-mail address");
    await page.goto(`${url}/`);
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("sign-in throttle", () => {
  /** Reads the form's answer to one attempt. */
  async function attempt(page: Page, email: string, password: string) {
    await passwordSignIn(page, email, password);
    const alert = formAlert(page);
    await expect(alert).toBeVisible();
    return (await alert.textContent())?.trim() ?? "";
  }

  test("an account waits longer after each failure past five, then is locked out for 15 minutes, with a clear message", async ({ page }) => {
    test.setTimeout(150_000);
    await page.setExtraHTTPHeaders({ "x-forwarded-for": "198.51.100.23" });
    const noMatch = "That email and password do not match an active account.";
    const seen: string[] = [];
    for (let i = 0; i < 40 && !/minutes?\.$/.test(seen.at(-1) ?? ""); i++) {
      const text = await attempt(page, "editor@perimeter.local", "not-the-password");
      seen.push(text);
      const seconds = /try again in (\d+) seconds?\.$/.exec(text);
      // the wait is the server's to decide, not ours to shorten
      if (seconds) await page.waitForTimeout(Number(seconds[1]) * 1000 + 300);
    }
    // each attempt right after a failure is refused when it comes within the wait
    // (on a slow machine a short wait may pass first: then it simply counts as a failure)
    expect(seen.slice(0, 5)).toEqual(Array(5).fill(noMatch));
    expect(seen.filter((t) => t === noMatch)).toHaveLength(10);
    expect(seen.at(-1)).toBe("Too many failed attempts; try again in 15 minutes.");
    // a refusal names the time left of the current wait (1, 2, 4, 8 or 16 s): at most 16 s, and the 16-s wait was seen
    const waits = seen.filter((t) => t.endsWith("seconds.") || t.endsWith("second.")).map((t) => Number(/in (\d+) second/.exec(t)![1]));
    expect(waits.every((w) => w >= 1 && w <= 16)).toBe(true);
    expect(Math.max(...waits)).toBeGreaterThan(8);
    // locked: the right password is refused with the same words
    expect(await attempt(page, "editor@perimeter.local", demoPassword)).toBe("Too many failed attempts; try again in 15 minutes.");
  });

  test("one client address waits after 20 failures across accounts; another address is not affected", async ({ page, browser }) => {
    test.setTimeout(120_000);
    const address = "198.51.100.77";
    const request = page.request;
    const fail = async (i: number) => {
      const { csrfToken } = (await (await request.get(`${url}/api/auth/csrf`)).json()) as { csrfToken: string };
      const res = await request.post(`${url}/api/auth/callback/credentials`, {
        headers: { "x-forwarded-for": address },
        form: { email: `guess-${i}@perimeter.local`, password: "not-the-password", csrfToken, json: "true" },
      });
      return new URL(((await res.json()) as { url: string }).url).searchParams.get("error") ?? "";
    };
    // fail until the address has to wait at least a few seconds, waiting out the shorter waits
    let wait = 0;
    for (let i = 0; wait < 8 && i < 40; i++) {
      const error = await fail(i);
      const m = /^TooManyAttempts:(\d+)$/.exec(error);
      if (m) {
        expect(i).toBeGreaterThanOrEqual(20);
        wait = Number(m[1]);
        if (wait < 8) await page.waitForTimeout(wait * 1000 + 300);
      } else expect(error).toBe("CredentialsSignin");
    }
    expect(wait).toBeGreaterThanOrEqual(8);
    // the right password from that address waits too
    await page.setExtraHTTPHeaders({ "x-forwarded-for": address });
    expect(await attempt(page, "viewer@perimeter.local", demoPassword)).toMatch(/^Too many failed attempts; try again in \d+ seconds?\.$/);
    // from elsewhere, the same account signs in
    const elsewhere = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.78" } });
    const other = await elsewhere.newPage();
    await passwordSignIn(other, "viewer@perimeter.local");
    await expect(other.getByRole("heading", { name: "Overview" })).toBeVisible();
    await elsewhere.close();
  });
});

test.describe("disabling a user", () => {
  async function newPage(browser: Browser, address: string) {
    const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address } });
    return context.newPage();
  }

  test("ends their console session and stops the API tokens they created", async ({ browser }) => {
    test.setTimeout(120_000);
    idp.use("userinfo");
    const dana = await newPage(browser, "198.51.100.101");
    const admin = await newPage(browser, "198.51.100.102");
    admin.on("dialog", (d) => void d.accept());

    await ssoSignIn(dana, "dana");
    await expect(userMenu(dana, "dana@sso.test")).toContainText("viewer");

    // an admin makes Dana an admin: her session under the old role ends
    await passwordSignIn(admin, "admin@perimeter.local");
    await expect(admin.getByRole("heading", { name: "Overview" })).toBeVisible();
    await admin.goto(`${url}/settings`);
    await hydrated(admin);
    await admin.getByLabel("Role of dana@sso.test").selectOption("admin");
    await expect(async () => {
      await dana.goto(`${url}/`);
      await expect(dana).toHaveURL(/\/login/, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });

    // she signs in again (the IdP remembers her) and creates an API token
    await ssoSignIn(dana, "dana");
    await expect(userMenu(dana, "dana@sso.test")).toContainText("admin");
    await dana.goto(`${url}/settings`);
    await hydrated(dana);
    await dana.getByLabel("Token name").fill("dana-ci");
    await dana.getByRole("button", { name: "Create API token" }).click();
    const token = ((await dana.getByLabel("New API token").textContent()) ?? "").trim();
    expect(token).toMatch(/^pmt_api_/);
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect((await dana.request.get(`${url}/api/v1/resources`, bearer)).status()).toBe(200);
    expect((await dana.request.get(`${url}/api/v1/resources`)).status()).toBe(200);

    // the admin disables her
    await admin.reload();
    await hydrated(admin);
    await admin.getByRole("button", { name: "Disable dana@sso.test" }).click();
    await expect(admin.getByRole("button", { name: "Enable dana@sso.test" })).toBeVisible();

    // her open console, her cookie and her token all stop
    await dana.goto(`${url}/resources`);
    await expect(dana).toHaveURL(/\/login/);
    expect((await dana.request.get(`${url}/api/v1/resources`, bearer)).status()).toBe(401);
    expect((await dana.request.get(`${url}/api/v1/resources`)).status()).toBe(401);
    const tokens = admin.getByRole("table", { name: "API tokens" });
    await admin.reload();
    await expect(tokens.getByRole("row", { name: /dana-ci/ })).toContainText("revoked");
    // and she cannot come back through the provider
    await ssoSignIn(dana, "dana");
    await expect(formAlert(dana)).toContainText("Your Perimeter account is disabled");
  });
});
