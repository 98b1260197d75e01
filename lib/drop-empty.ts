/** Drops blank values, so a submitted filter form's empty fields mean "no filter". */
export function dropEmpty(raw: unknown): unknown {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && !(typeof v === "string" && v.trim() === "")));
}
