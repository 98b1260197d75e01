import { describe, expect, it } from "vitest";
import { counted, formatDateTime } from "./format";

describe("formatDateTime", () => {
  it("formats in UTC with a short month", () => {
    expect(formatDateTime(new Date("2026-11-23T09:15:42Z"))).toBe("23 Nov 2026, 09:15 UTC");
    expect(formatDateTime("2026-09-01T00:05:00Z")).toBe("1 Sep 2026, 00:05 UTC");
  });

  it("shows a dash for a missing or invalid date", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("nope")).toBe("—");
  });
});

describe("counted", () => {
  it("says one thing in the singular and every other count in the plural", () => {
    expect(counted(1, "token")).toBe("1 token");
    expect(counted(0, "token")).toBe("0 tokens");
    expect(counted(2, "live credential")).toBe("2 live credentials");
    expect(counted(3, "policy", "policies")).toBe("3 policies");
  });
});
