import { db } from "@/lib/db/client";
import { keySecret } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { rotateSigningKey } from "@/lib/oauth/key-store";

/** Rotates the signing key now: a new key signs from here on; the old one stays published until its tokens expire. Admins only. */
export const POST = route("settings.manage", async ({ actor }) => {
  let secret: string;
  try {
    secret = keySecret();
  } catch (e) {
    throw new AppError("conflict", e instanceof Error ? e.message : String(e));
  }
  const rotated = await rotateSigningKey(db(), { secret, actor: { id: actor.id, label: actor.label }, reason: "rotated on demand" });
  return Response.json(rotated, { status: 201, headers: { "cache-control": "no-store" } });
});
