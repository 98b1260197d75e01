import { randomBytes } from "node:crypto";

/** Sortable, URL-safe ids for rows created by the write path (time + randomness). */
export function createId(): string {
  return `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;
}
