import "server-only";
// The one guard for server actions: session -> permission -> domain call ->
// a result the form can show field by field. Pages may redirect early, but
// this is the check that protects the write.
import { humaniseError, humaniseMessage } from "../validation/humanise";
import { AppError, type FieldError } from "../errors";
import { can, type Actor, type Permission } from "./permissions";
import { getSessionActor } from "./session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fields: FieldError[]; status: number };

export function guardedAction<I, T>(permission: Permission, fn: (actor: Actor, input: I) => Promise<T>) {
  return async (input: I): Promise<ActionResult<T>> => {
    const actor = await getSessionActor();
    if (!actor) return { ok: false, error: "Your session has ended; sign in again.", fields: [], status: 401 };
    if (!can(actor, permission)) return { ok: false, error: `The ${actor.role} role may not do this.`, fields: [], status: 403 };
    try {
      return { ok: true, data: await fn(actor, input) };
    } catch (e) {
      // people read `error`; `fields` stay machine-readable for forms to place next to their inputs
      if (e instanceof AppError)
        return {
          ok: false,
          error: humaniseError(e.message, e.fields),
          // paths stay (forms place messages by them); the messages are in words
          fields: e.fields.map((f) => ({ field: f.field, message: humaniseMessage(f.message) })),
          status: e.status,
        };
      console.error("unhandled error in server action:", e instanceof Error ? e.message : e);
      return { ok: false, error: "Something went wrong on the server; nothing was changed.", fields: [], status: 500 };
    }
  };
}
