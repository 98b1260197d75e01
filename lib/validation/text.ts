// The one string type for everything Perimeter stores or compares. PostgreSQL
// refuses U+0000 in text and cannot encode a lone UTF-16 surrogate; SQLite
// stores both, so the two databases would disagree. Other C0/C1 controls are
// refused too: they never belong in a name, a claim or a description, and they
// hide text in logs and pages. Tab, newline and carriage return stay allowed.
import { z } from "zod";

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string can be stored: the common case in one native scan and one regex, no words. */
const isStorable = (value: string) => value.isWellFormed() && !CONTROL.test(value);

/** Why a string cannot be stored, in words; null when it can. */
export function unstorable(value: string): string | null {
  if (isStorable(value)) return null;
  if (value.includes("\u0000")) return "must not contain the NUL character (U+0000)";
  if (LONE_SURROGATE.test(value)) return "must be valid Unicode (it holds a lone surrogate)";
  if (CONTROL.test(value)) return "must not contain control characters";
  return null;
}

/** The zod check behind text(), for string formats zod builds itself (URLs, emails). */
export function storable(value: string, ctx: z.core.$RefinementCtx<string>) {
  const why = unstorable(value);
  if (why) ctx.addIssue({ code: "custom", message: why });
}

/** A string every database stores as given. Every input schema's strings start here. */
export function text() {
  return z.string().superRefine(storable);
}

/** A URL (zod's check) that every database stores as given: the URL parser would accept a NUL in the path. */
export function url(message?: string) {
  return z.url(message).superRefine(storable);
}

/** An email address (zod's check) that every database stores as given. */
export function email(message?: string) {
  return z.email(message).superRefine(storable);
}

/** Whether every string (key or value) in a document can be stored, within the depth findUnstorable allows: the walk without paths. */
function allStorable(value: unknown, depth: number): boolean {
  if (depth > 64) return false;
  if (typeof value === "string") return isStorable(value);
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) {
    for (const v of value) if (!allStorable(v, depth + 1)) return false;
    return true;
  }
  for (const k of Object.keys(value)) if (!isStorable(k) || !allStorable((value as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

/** The first string (key or value) in a parsed JSON or form document that cannot be stored, with its path. */
export function findUnstorable(value: unknown, path: (string | number)[] = [], depth = 0): { path: string; message: string } | null {
  // most documents are clean: walk once without building paths, and build them only to name the culprit
  if (path.length === 0 && depth === 0 && allStorable(value, 0)) return null;
  if (depth > 64) return { path: path.join(".") || "body", message: "is nested too deeply" };
  if (typeof value === "string") {
    const why = unstorable(value);
    return why ? { path: path.join(".") || "body", message: why } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findUnstorable(v, [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const why = unstorable(k);
      if (why) return { path: [...path, k].join(".") || "body", message: `key ${why}` };
      const found = findUnstorable(v, [...path, k], depth + 1);
      if (found) return found;
    }
  }
  return null;
}
