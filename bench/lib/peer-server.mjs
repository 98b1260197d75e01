// The peer of bench/token-peer.ts: panva's oidc-provider (devDependency) with
// its in-memory adapter, NODE_ENV=production, one client authenticating with
// client_secret_basic, client_credentials enabled, RS256 JWT access tokens for
// the resource "urn:bench:jwt" (resource indicators) and opaque ones for
// "urn:bench:opaque" (it introspects only opaque tokens). Like Perimeter's
// secrets, the client secret is 256 random bits; oidc-provider keeps it in
// clear and compares it in constant time. It stores no JWT access token and
// writes no audit.
//   PORT, CLIENT_ID, CLIENT_SECRET
import http from "node:http";
import { generateKeyPairSync } from "node:crypto";
import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: "bench", alg: "RS256", use: "sig" };

const resources = {
  "urn:bench:jwt": { scope: "read write", audience: "urn:bench:jwt", accessTokenFormat: "jwt", accessTokenTTL: 600, jwt: { sign: { alg: "RS256" } } },
  "urn:bench:opaque": { scope: "read write", audience: "urn:bench:opaque", accessTokenFormat: "opaque", accessTokenTTL: 600 },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      grant_types: ["client_credentials"],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: "client_secret_basic",
      introspection_endpoint_auth_method: "client_secret_basic",
    },
  ],
  jwks: { keys: [jwk] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => "urn:bench:jwt",
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, indicator) => {
        const info = resources[indicator];
        if (!info) throw new Error(`unknown resource ${indicator}`);
        return info;
      },
    },
  },
  scopes: ["read", "write"],
});
provider.proxy = false;

http.createServer(provider.callback()).listen(port, "127.0.0.1", () => console.log(`peer on ${issuer}`));
