// Test fixture: puts a change into the catalog through the real write path,
// for tests that need catalog state rather than the review itself. A change
// the approval rules apply at once is opened by the given actor; any other is
// opened under the emergency rule by an admin (the actor when it is one, else
// a fixture admin) and confirmed after the fact by another admin. Production
// code never imports lib/testing (a test checks it).
import { can, systemActor, type Actor } from "../auth/permissions";
import { reviewEmergency } from "../changes/workflow/emergency-review";
import { openChange, type OpenResult } from "../changes/workflow/open-change";
import { previewChange } from "../changes/workflow/preview-change";
import type { Db } from "../db/client";
import { createUser } from "../users/create-user";

async function fixtureAdmin(db: Db, email: string): Promise<Actor> {
  const found = await db.user.findUnique({ where: { email } });
  const user = found ?? (await createUser(db, { actor: systemActor, input: { email, role: "admin" } }));
  return { id: user.id, label: user.email, role: "admin", kind: "user" };
}

export async function submitChange(db: Db, { actor, input, now }: { actor: Actor; input: Record<string, unknown>; now?: Date }): Promise<OpenResult> {
  // someone who may not change the catalog at all is refused as openChange would refuse them
  if (!can(actor, "change.create")) return openChange(db, { actor, input, now });
  const author = actor.id ? actor : await fixtureAdmin(db, "fixture-admin@perimeter.test");
  const { requirement } = await previewChange(db, { actor: author, input, now });
  if (requirement.autoApply) return openChange(db, { actor: author, input, now });
  const admin = author.role === "admin" ? author : await fixtureAdmin(db, "fixture-admin@perimeter.test");
  const opened = await openChange(db, { actor: admin, input: { ...input, emergency: true }, now });
  const reviewer = await fixtureAdmin(db, admin.label === "fixture-reviewer@perimeter.test" ? "fixture-admin@perimeter.test" : "fixture-reviewer@perimeter.test");
  await reviewEmergency(db, { actor: reviewer, id: opened.changeRequest.id, input: { decision: "confirm" }, now });
  return opened;
}
