// A real OpenID provider for the console's SSO tests: oidc-provider (a
// devDependency) on a free loopback port, with one static confidential client
// and in-memory accounts. Its login page is our own plain form (oidc-provider's
// built-in pages load web fonts from the internet). Two modes behind one issuer
// and one signing key, switched between tests:
//   "id_token": the scope claims (email, email_verified, name) are in the ID token
//               (conformIdTokenClaims: false);
//   "userinfo": oidc-provider's default: the ID token has only sub, and the
//               claims come from the userinfo endpoint (OIDC Core 5.4).
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Ctx } from "oidc-provider";

export type TestAccount = { email?: string; email_verified?: boolean; name?: string };
export type ClaimsMode = "id_token" | "userinfo";

export type TestIdp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** requests the provider's userinfo endpoint answered since the last mode switch */
  userinfoCalls(): number;
  use(mode: ClaimsMode): void;
  close(): Promise<void>;
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startTestIdp(opts: { accounts: Record<string, TestAccount>; redirectUri: () => string }): Promise<TestIdp> {
  const clientId = "perimeter-e2e";
  const clientSecret = "perimeter-e2e-client-secret-0123456789";
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: "e2e-idp-key", alg: "RS256", use: "sig" };

  let current: Provider | undefined;
  let callback: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let userinfo = 0;
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = (mode: ClaimsMode) =>
    new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [opts.redirectUri()],
          grant_types: ["authorization_code"],
          response_types: ["code"],
        },
      ],
      jwks: { keys: [signingKey] },
      cookies: { keys: ["e2e-idp-cookie-key-0123456789"] },
      claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
      conformIdTokenClaims: mode === "userinfo",
      features: { devInteractions: { enabled: false } },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      interactions: { url: (_ctx: Ctx, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      async findAccount(_ctx: Ctx, sub: string) {
        const account = opts.accounts[sub];
        return account && { accountId: sub, claims: () => ({ sub, ...account }) };
      },
      // a first-party client: consent is implied
      async loadExistingGrant(ctx: Ctx) {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
        grant.addOIDCScope("openid email profile");
        await grant.save();
        return grant;
      },
      async renderError(ctx: Ctx, out: Record<string, string>) {
        ctx.type = "html";
        ctx.body = `<!doctype html><title>IdP error</title><h1>${escape(out.error ?? "error")}</h1><p>${escape(out.error_description ?? "")}</p>`;
      },
    });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const p = current!;
    try {
      const url = new URL(req.url ?? "/", issuer);
      const interaction = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
      if (interaction && req.method === "GET") {
        const details = await p.interactionDetails(req, res);
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(`<!doctype html><title>Test IdP sign-in</title><h1>Test IdP</h1>
<form method="post" action="/interaction/${escape(details.uid)}/login">
<label for="login">Account</label> <input id="login" name="login" autofocus>
<button type="submit">Sign in at the IdP</button></form>`);
        return;
      }
      if (interaction?.[2] && req.method === "POST") {
        const login = (await readForm(req)).get("login") ?? "";
        if (!opts.accounts[login]) {
          res.writeHead(400, { "content-type": "text/html" }).end("<p>no such account at the test IdP</p>");
          return;
        }
        await p.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        return;
      }
      if (url.pathname === "/me") userinfo++;
      callback!(req, res);
    } catch (e) {
      res.writeHead(500).end(e instanceof Error ? e.message : String(e));
    }
  }

  const idp: TestIdp = {
    issuer,
    clientId,
    clientSecret,
    userinfoCalls: () => userinfo,
    use(mode) {
      current = provider(mode);
      callback = current.callback();
      userinfo = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  idp.use("userinfo");
  return idp;
}
