import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findUnstorable, text, unstorable } from "./text";

describe("storable text", () => {
  it("refuses NUL, lone surrogates and control characters, and names why", () => {
    expect(unstorable("orders\u0000db")).toMatch(/NUL/);
    expect(unstorable("a\uD800b")).toMatch(/lone surrogate/);
    expect(unstorable("a\uDC00")).toMatch(/lone surrogate/);
    expect(unstorable("bell\u0007")).toMatch(/control/);
    expect(text().safeParse("x\u0000").success).toBe(false);
  });

  it("accepts every well-formed string without controls, including astral characters, tabs and newlines", () => {
    expect(unstorable("emoji 🚀 line\nnext\ttab\r")).toBeNull();
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        // eslint-disable-next-line no-control-regex
        const clean = s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, "");
        expect(unstorable(clean)).toBeNull();
      }),
    );
  });

  it("finds the first unstorable key or value in a document, with its path", () => {
    expect(findUnstorable({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toEqual({ path: "a.1.c", message: expect.stringMatching(/NUL/) });
    expect(findUnstorable({ ["k\uD800"]: 1 })?.path).toBe("k\uD800");
    expect(findUnstorable({ a: 1, b: [true, null, "fine"] })).toBeNull();
  });

  // reference rules, written apart from the module's fast paths (one native scan per string, a walk without paths)
  // eslint-disable-next-line no-control-regex
  const refuses = (s: string) => /\u0000|[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(s) || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
  const anyRefused = (v: unknown, depth: number): boolean =>
    depth > 64 ||
    (typeof v === "string" ? refuses(v) : Array.isArray(v) ? v.some((x) => anyRefused(x, depth + 1)) : v !== null && typeof v === "object" ? Object.entries(v).some(([k, x]) => refuses(k) || anyRefused(x, depth + 1)) : false);
  // strings drawn from a small alphabet where controls, NUL and surrogate halves (paired or not) are common
  const risky = fc.string({ unit: fc.constantFrom("a", "\u0000", "\u0007", "\t", "\n", "\u007F", "\u009F", "\u00A0", "\uD800", "\uDC00", "\uD83D\uDE80", "é"), maxLength: 6 });

  it("unstorable(s) is null exactly when the reference rules accept s", () => {
    fc.assert(
      fc.property(risky, (s) => {
        expect(unstorable(s) === null).toBe(!refuses(s));
      }),
      { numRuns: 2000 },
    );
  });

  it("findUnstorable finds something exactly when some key or value is refused, or the document nests past 64 levels", () => {
    const doc = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, risky, fc.integer(), fc.constant(null), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(risky, tie("value"), { maxKeys: 3 })),
    })).value;
    const deep = (v: unknown, n: number): unknown => (n === 0 ? v : [deep(v, n - 1)]);
    fc.assert(
      fc.property(doc, fc.constantFrom(0, 0, 60, 64, 65), (d, wrap) => {
        const v = deep(d, wrap);
        const found = findUnstorable(v);
        expect(found !== null).toBe(anyRefused(v, 0));
      }),
      { numRuns: 1000 },
    );
  });
});
