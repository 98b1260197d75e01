import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { deleteTrustedIssuer } from "@/lib/oauth/trusted-issuers";

/** Stops trusting the issuer: its tokens can no longer be exchanged. Admins only. */
export const DELETE = route<{ id: string }>("settings.manage", async ({ actor, params }) => deleteTrustedIssuer(db(), actor, params.id));
