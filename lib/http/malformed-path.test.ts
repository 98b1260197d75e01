import { describe, expect, it } from "vitest";
import { malformedPath } from "./malformed-path";

describe("malformedPath", () => {
  it("finds escapes that are not UTF-8 in the path, not in the query", () => {
    expect(malformedPath("/api/v1/resources/%E0%A4%A")).toBe(true);
    expect(malformedPath("/api/v1/resources/%ED%A0%80")).toBe(true);
    expect(malformedPath("/api/v1/resources/caf%C3%A9")).toBe(false);
    expect(malformedPath("/api/v1/resources/x%00y")).toBe(false);
    expect(malformedPath("/api/v1/resources?q=%E0%A4%A")).toBe(false);
  });
});
