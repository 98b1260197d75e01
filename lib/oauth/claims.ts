// Claim rules: an OIDC token's claims against a rule's conditions. Each
// condition is an exact value, or a glob when it contains * or ?: "*" matches
// any run of characters except "/", "**" any run including "/", "?" one
// character except "/". A claim that is an array matches when one element
// does; a dotted name ("a.b") reaches into nested objects when no claim has
// that exact name. Every condition must match; a missing claim never does.
const cache = new Map<string, RegExp>();

export const isGlob = (pattern: string) => /[*?]/.test(pattern);

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let src = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      src += ".*";
      i++;
    } else if (c === "*") src += "[^/]*";
    else if (c === "?") src += "[^/]";
    else src += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  re = new RegExp(`^${src}$`, "s");
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

function scalar(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

export function conditionMatches(condition: string, value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => conditionMatches(condition, v));
  const s = scalar(value);
  if (s === null) return false;
  return isGlob(condition) ? globToRegExp(condition).test(s) : s === condition;
}

export function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, name)) return claims[name];
  let cur: unknown = claims;
  for (const part of name.split(".")) {
    if (!cur || typeof cur !== "object" || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function ruleMatches(conditions: Record<string, string>, claims: Record<string, unknown>): boolean {
  for (const [name, condition] of Object.entries(conditions)) {
    if (!conditionMatches(condition, claimValue(claims, name))) return false;
  }
  return true;
}

/** Issuer URLs compare without a trailing slash. */
export const sameIssuer = (a: string, b: string) => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
