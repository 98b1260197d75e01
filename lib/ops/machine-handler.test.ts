import { describe, expect, it } from "vitest";
import { levelOf } from "./machine-handler";

describe("the level of a request's log line", () => {
  it("keeps the machine endpoints' successes and the probes at debug", () => {
    for (const path of ["/oauth/token", "/oauth/introspect", "/api/v1/decisions", "/healthz", "/readyz", "/metrics", "/_next/static/x.js"]) expect(levelOf(path, 200)).toBe("debug");
  });
  it("logs a machine endpoint's refusal at info and any failure as a warning", () => {
    expect(levelOf("/oauth/token", 401)).toBe("info");
    expect(levelOf("/api/v1/decisions", 400)).toBe("info");
    expect(levelOf("/oauth/introspect", 503)).toBe("warn");
    expect(levelOf("/readyz", 503)).toBe("warn");
    expect(levelOf("/changes", 500)).toBe("warn");
  });
  it("logs the console's requests at info", () => {
    expect(levelOf("/changes", 200)).toBe("info");
    expect(levelOf("/api/v1/resources", 201)).toBe("info");
  });
});
