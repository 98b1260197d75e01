import { z } from "zod";
import { appendAudit } from "../audit/append";
import { can, roles, type Actor } from "../auth/permissions";
import { hashSecret } from "../crypto/secrets";
import { transaction, type Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { text, email } from "../validation/text";

export const userInput = z.object({
  email: email("must be an email address").transform((e) => e.toLowerCase()),
  name: text().trim().max(80).default(""),
  role: z.enum(roles),
  password: text().min(8, "must be at least 8 characters").max(200).optional(),
});

/** `now`: when the account is created (default: now; the demo seed backdates its accounts to the start of its history). */
export async function createUser(client: Db, { actor, input, now = new Date() }: { actor: Actor; input: z.input<typeof userInput>; now?: Date }) {
  if (!can(actor, "user.manage")) throw new AppError("forbidden", `${actor.role} may not manage users`);
  const parsed = userInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { password, ...data } = parsed.data;
  const passwordHash = password ? await hashSecret(password) : null;
  return transaction(client, async (tx) => {
    if (await tx.user.findUnique({ where: { email: data.email } })) throw AppError.field("email", "already has an account");
    const user = await tx.user.create({ data: { ...data, passwordHash, createdAt: now }, select: { id: true, email: true, name: true, role: true } });
    await appendAudit(tx, actor, [{ action: "user.created", targetType: "user", targetId: user.id, targetName: user.email, after: user }], now);
    return user;
  });
}
