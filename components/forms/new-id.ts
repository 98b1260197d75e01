/**
 * A fresh id for an object a form is about to create, so the form knows its
 * page before the server answers. getRandomValues works on plain http too
 * (crypto.randomUUID needs a secure context).
 */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
