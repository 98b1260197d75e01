import { AppError } from "../errors";

type PrismaLikeError = { code?: string; meta?: { target?: unknown; field_name?: unknown } };

/** Maps constraint violations that slipped past the explicit checks. */
export function prismaToAppError(e: unknown): AppError | unknown {
  const err = e as PrismaLikeError;
  if (err?.code === "P2002") {
    const target = Array.isArray(err.meta?.target) ? err.meta.target.join(", ") : "value";
    return new AppError("conflict", `${target}: already taken`, [{ field: String(target), message: "already taken" }]);
  }
  if (err?.code === "P2003") return new AppError("conflict", "other objects still refer to this one; remove them first");
  if (err?.code === "P2025") return new AppError("not_found", "the object does not exist");
  return e;
}
