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
});
