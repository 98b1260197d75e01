import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";
import { createTrustedIssuer, listTrustedIssuers } from "@/lib/oauth/trusted-issuers";

/** Trusted OIDC issuers for token exchange (RFC 8693). */
export const GET = route("catalog.read", async () => ({ items: await listTrustedIssuers(db()) }));

/** Registers one: { name, issuer, audience, jwks | jwksUri }. Admins only. */
export const POST = route("settings.manage", async ({ actor, req }) => {
  const created = await createTrustedIssuer(db(), actor, await jsonBody(req));
  return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});
