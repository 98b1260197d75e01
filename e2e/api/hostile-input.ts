// Hostile requests generated from an operation's OpenAPI request schema:
// bodies that are not JSON, not sent as JSON, too large, null, empty, nested
// past any sane depth; each field with a value of the wrong type; each string
// (values, list items, record keys and values) with a NUL or a lone UTF-16
// surrogate; hostile query and path parameters. Every hostile string carries
// a marker, so a test can search for anything that slipped into storage.
import type { Schema } from "./openapi";

export type Variant = {
  name: string;
  /** the raw body and its content type; absent: no body */
  body?: string;
  contentType?: string;
  /** replaces the query string / the path's last parameter */
  query?: string;
  pathParam?: string;
  /** the body field (or parameter) a 400 must name: equal to it, or a path under it */
  field?: string;
};

export const TWO_MB = 2 * 1024 * 1024;

const types = (s: Schema) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** A value of a type the field does not take. */
function wrongValue(s: Schema): unknown {
  const t = types(s);
  if (t.includes("string")) return t.includes("number") || t.includes("integer") ? { not: "this" } : 12345;
  if (t.includes("integer") || t.includes("number")) return "twelve";
  if (t.includes("boolean")) return "yes";
  if (t.includes("array")) return "not-a-list";
  if (t.includes("object")) return 7;
  return undefined;
}

/** Bodies that put `bad` in every place a string goes inside the field. */
type Place = { body: Record<string, unknown>; field: string; where: string };

function stringPlaces(field: string, s: Schema, bad: string): Place[] {
  const t = types(s);
  const at = (value: unknown, named = field, where = named): Place => ({ body: { [field]: value }, field: named, where });
  if (t.includes("string")) return [at(bad)];
  if (t.includes("array") && s.items && types(s.items).includes("string")) return [at([bad], `${field}.0`)];
  const values = typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
  // a record: a bad key is named by the record's field (its path holds the key itself)
  if (t.includes("object") && (values || !s.properties)) return [at({ [bad]: "x" }, field, `a key of ${field}`), at({ key: bad }, `${field}.key`)];
  if (t.includes("object") && s.properties) {
    return Object.entries(s.properties).flatMap(([k, sub]) => stringPlaces(k, sub, bad).map((p) => at(p.body, `${field}.${p.field}`, `${field}.${p.where}`)));
  }
  return [];
}

export function bodyVariants(schema: Schema | undefined, marker: string, union = false): Variant[] {
  const json = "application/json";
  let deep = "0";
  for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
  const variants: Variant[] = [
    { name: "malformed JSON", body: `{"name": "${marker}", `, contentType: json, field: "body" },
    { name: "JSON sent as text/plain", body: JSON.stringify({ name: marker }), contentType: "text/plain" },
    { name: "JSON sent as a form", body: `name=${marker}`, contentType: "application/x-www-form-urlencoded" },
    { name: "a 2 MB body", body: JSON.stringify({ name: marker, pad: "x".repeat(TWO_MB) }), contentType: json },
    { name: "null", body: "null", contentType: json, field: "body" },
    { name: "an empty object", body: "{}", contentType: json },
    { name: "a list", body: "[]", contentType: json, field: "body" },
    { name: "a string", body: JSON.stringify(`${marker}\u0000`), contentType: json, field: "body" },
    { name: "5000 levels of nesting", body: deep, contentType: json },
  ];
  for (const [field, s] of Object.entries(schema?.properties ?? {})) {
    const wrong = wrongValue(s);
    if (wrong !== undefined) variants.push({ name: `${field} of the wrong type`, body: JSON.stringify({ [field]: wrong }), contentType: json, field: union ? undefined : field });
    for (const [what, bad] of [
      ["a NUL", `${marker}\u0000`],
      ["a lone surrogate", `${marker}\uD800`],
    ] as const) {
      for (const place of stringPlaces(field, s, bad)) {
        variants.push({ name: `${what} in ${place.where}`, body: JSON.stringify(place.body), contentType: json, field: place.field });
      }
    }
  }
  return variants;
}

/** Query strings and path parameters no route may store or stumble on. */
export function parameterVariants(query: string[], pathParams: boolean): Variant[] {
  const variants: Variant[] = query.flatMap((name) => [
    { name: `a NUL in ?${name}=`, query: `${name}=hostile%00`, field: name },
    { name: `a lone surrogate in ?${name}=`, query: `${name}=%ED%A0%80` },
  ]);
  variants.push({ name: "a NUL in a query parameter's name", query: "a%00b=1" }, { name: "a malformed percent escape in the query", query: "q=%E0%A4%A" });
  if (pathParams) {
    for (const [name, value] of [
      ["a NUL", "x%00y"],
      ["a lone surrogate", "%ED%A0%80"],
      ["a malformed escape", "%E0%A4%A"],
      ["a 21-digit number", "999999999999999999999"],
      ["a negative number", "-1"],
      ["a 5000-character id", "x".repeat(5000)],
      ["a path traversal", "..%2F..%2Fopenapi.json"],
    ] as const)
      variants.push({ name: `${name} as the path parameter`, pathParam: value });
  }
  return variants;
}
