import { AppError } from "./errors";
import { humaniseError } from "./validation/humanise";

export type Settled<T> = { ok: true; value: T } | { ok: false; message: string };

/** Resolves a validation error into a message a page can show; other errors still throw. */
export async function catchValidation<T>(work: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await work };
  } catch (e) {
    if (e instanceof AppError && e.code === "validation") return { ok: false, message: humaniseError(e.message, e.fields) };
    throw e;
  }
}
