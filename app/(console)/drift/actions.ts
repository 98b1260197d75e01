"use server";
import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/action";
import { db } from "@/lib/db/client";
import { fixDrift } from "@/lib/drift/fix";

/** Opens the narrowing change request for one drift finding (named by its key). */
export const fixDriftAction = guardedAction("change.create", async (actor, key: string) => {
  const result = await fixDrift(db(), { actor, key });
  revalidatePath("/", "layout");
  return result;
});
