// Every string a schema under lib/ accepts is storable (lib/validation/text.ts):
// PostgreSQL refuses NUL and lone surrogates that SQLite keeps, so a bare
// z.string() in an input schema is a 500 on one database and corrupt data on
// the other. A new schema that reaches for z.string(), z.url() or z.email()
// fails here; a string that is not input says why in a `storable-scan:`
// comment on its line or the line above.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { domainCreate, resourceCreate } from "../catalog/schemas";
import { changeInput } from "../changes/operations";
import { text } from "./text";

const lib = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name === "generated" || name.startsWith(".")) return [];
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

/** Whole files whose strings are not request input, each with its reason. */
const allowedFiles: Record<string, string> = {
  "validation/text.ts": "defines the storable types themselves",
  "env.ts": "environment variables, read once at start from the operator, never stored",
};

// z.string( also split over lines (`z\n  .string()`), and the string formats zod builds itself
const bare = /\bz\s*\.\s*(string|url|email)\(/g;

describe("storable strings in schemas", () => {
  it("uses text(), url() or email() from lib/validation/text.ts instead of bare zod strings", () => {
    const offenders: string[] = [];
    for (const file of sources(lib)) {
      const rel = path.relative(lib, file);
      if (rel in allowedFiles) continue;
      const source = readFileSync(file, "utf8");
      const lines = source.split("\n");
      for (const m of source.matchAll(bare)) {
        const line = source.slice(0, m.index).split("\n").length - 1;
        const reason = /storable-scan:\s*\S/.test(lines[line]!) || /storable-scan:\s*\S/.test(lines[line - 1] ?? "");
        if (!reason) offenders.push(`lib/${rel}:${line + 1}: ${lines[line]!.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("finds a bare z.string() the way it is written", () => {
    expect("z.string().max(3)".match(bare)).toHaveLength(1);
    expect("z\n  .string()\n".match(bare)).toHaveLength(1);
    expect("z.url('x')".match(bare)).toHaveLength(1);
    expect("text().max(3)".match(bare)).toBeNull();
  });

  it("refuses NUL and lone surrogates in catalog fields, record keys and change titles, naming the field", () => {
    const nul = "a\u0000b";
    const issues = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(issues(domainCreate, { name: "payments", description: nul })).toContain("description");
    expect(issues(domainCreate, { name: "payments", ownerEmails: ["a@b.co\u0000"] })).toContain("ownerEmails.0");
    expect(issues(resourceCreate, { name: "db", kind: "database", environmentId: "e", domainId: "d", labels: { team: "\uD800" } })).toContain("labels.team");
    expect(issues(changeInput, { title: `fix ${nul}`, operations: [{ kind: "delete", entity: "domain", id: "x" }] })).toContain("title");
    expect(text().safeParse("tab\tand\nnewline").success).toBe(true);
  });
});
