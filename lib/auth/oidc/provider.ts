// The next-auth provider for any OpenID Connect provider configured through
// OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET. Code flow with PKCE,
// state and nonce; the ID token is verified by openid-client (signature, iss,
// aud, nonce, expiry). The claims the console needs are read from the ID token,
// and from userinfo when the ID token lacks them (./claims.ts).
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { TokenSet } from "openid-client";
import type { Env } from "../../env";
import { mergeClaims, needsUserinfo, type OidcClaims } from "./claims";

export function oidcProvider(e: Env): OAuthConfig<OidcClaims>[] {
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      userinfo: {
        async request({ tokens, client }) {
          const set = tokens as TokenSet; // next-auth passes openid-client's verified TokenSet
          const idToken = set.claims() as Record<string, unknown>;
          // openid-client checks that userinfo's sub is the ID token's (mergeClaims checks again)
          const info = needsUserinfo(idToken) && client.issuer.metadata.userinfo_endpoint ? ((await client.userinfo(set)) as Record<string, unknown>) : null;
          return mergeClaims(idToken, info);
        },
      },
      profile(claims) {
        return { id: claims.sub, email: claims.email, name: claims.name };
      },
    },
  ];
}
