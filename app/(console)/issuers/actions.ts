"use server";
import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/action";
import { db } from "@/lib/db/client";
import { keySecret } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { rotateSigningKey } from "@/lib/oauth/key-store";
import { createTrustedIssuer, deleteTrustedIssuer } from "@/lib/oauth/trusted-issuers";

export const createIssuerAction = guardedAction("settings.manage", async (actor, input: unknown) => {
  const created = await createTrustedIssuer(db(), actor, input);
  revalidatePath("/issuers");
  return created;
});

export const deleteIssuerAction = guardedAction("settings.manage", async (actor, id: string) => {
  const deleted = await deleteTrustedIssuer(db(), actor, id);
  revalidatePath("/issuers");
  return deleted;
});

export const rotateKeyAction = guardedAction("settings.manage", async (actor, _input: null) => {
  let secret: string;
  try {
    secret = keySecret();
  } catch (e) {
    throw new AppError("conflict", e instanceof Error ? e.message : String(e));
  }
  const rotated = await rotateSigningKey(db(), { secret, actor: { id: actor.id, label: actor.label }, reason: "rotated on demand from the console" });
  revalidatePath("/issuers");
  return rotated;
});
