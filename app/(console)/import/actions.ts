"use server";
// Ingress import from the console: preview (rolled back) and propose, both
// through the one write path.
import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/action";
import { importIngress } from "@/lib/catalog/import/ingress";
import { db } from "@/lib/db/client";

export const previewIngressImportAction = guardedAction("change.create", async (actor, input: unknown) =>
  importIngress(db(), { actor, input, dryRun: true }),
);

export const submitIngressImportAction = guardedAction("change.create", async (actor, input: unknown) => {
  const out = await importIngress(db(), { actor, input, dryRun: false });
  if (out.result) revalidatePath("/", "layout");
  return out;
});
