import { z } from "zod";
import { appendAudit } from "../audit/append";
import { can, roles, type Actor } from "../auth/permissions";
import { transaction, type Db } from "../db/client";
import { AppError, validationError } from "../errors";

export const userUpdateInput = z.object({
  id: z.string().min(1),
  role: z.enum(roles).optional(),
  disabled: z.boolean().optional(),
});

export async function updateUser(client: Db, { actor, input }: { actor: Actor; input: unknown }) {
  if (!can(actor, "user.manage")) throw new AppError("forbidden", `${actor.role} may not manage users`);
  const parsed = userUpdateInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { id, ...patch } = parsed.data;
  if (id === actor.id && (patch.role !== undefined && patch.role !== "admin" || patch.disabled)) {
    throw AppError.field("role", "you cannot demote or disable yourself; ask another admin");
  }
  return transaction(client, async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: { id: true, email: true, role: true, disabled: true } });
    if (!before) throw new AppError("not_found", "no user with this id");
    const after = await tx.user.update({ where: { id }, data: patch, select: { id: true, email: true, role: true, disabled: true } });
    await appendAudit(tx, actor, [{ action: "user.updated", targetType: "user", targetId: id, targetName: before.email, before, after }]);
    return after;
  });
}

export function listUsers(client: Db) {
  return client.user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, role: true, disabled: true, lastSignInAt: true },
  });
}
