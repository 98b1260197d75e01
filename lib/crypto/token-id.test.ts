import { describe, expect, it } from "vitest";
import { newTokenId } from "./token-id";

describe("token ids", () => {
  it("are 144-bit base64url strings, none repeated across pool refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const id = newTokenId();
      expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(2_000);
  });
});
