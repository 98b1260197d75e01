import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { listSigningKeys } from "@/lib/oauth/key-store";

/** The published signing keys (public parts), active and retired. */
export const GET = route("catalog.read", async () => ({ items: await listSigningKeys(db()) }));
