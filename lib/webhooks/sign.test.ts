import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signPayload, verifySignature } from "./sign";

const secret = "whsec_test_secret";
const body = JSON.stringify({ id: "whd_1", event: "change.applied", occurredAt: "2026-11-23T09:00:00.000Z", data: { number: 7 } });
const at = new Date("2026-11-23T09:00:00Z");

describe("webhook signatures", () => {
  it("signs as t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>", () => {
    const t = Math.floor(at.getTime() / 1000);
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signPayload(secret, body, at)).toBe(`t=${t},v1=${expected}`);
    expect(signPayload(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("verifies a signature within the tolerance", () => {
    const header = signPayload(secret, body, at);
    expect(verifySignature(secret, body, header, { now: at })).toBe(true);
    expect(verifySignature(secret, body, header, { now: new Date(at.getTime() + 299_000), toleranceSeconds: 300 })).toBe(true);
  });

  it("rejects a changed body", () => {
    const header = signPayload(secret, body, at);
    expect(verifySignature(secret, body.replace('"number":7', '"number":8'), header, { now: at })).toBe(false);
    expect(verifySignature(secret, `${body} `, header, { now: at })).toBe(false);
  });

  it("rejects a wrong secret", () => {
    const header = signPayload("whsec_other", body, at);
    expect(verifySignature(secret, body, header, { now: at })).toBe(false);
  });

  it("rejects an old (replayed) or far-future timestamp", () => {
    const header = signPayload(secret, body, at);
    expect(verifySignature(secret, body, header, { now: new Date(at.getTime() + 301_000), toleranceSeconds: 300 })).toBe(false);
    expect(verifySignature(secret, body, header, { now: new Date(at.getTime() - 3_600_000), toleranceSeconds: 300 })).toBe(false);
  });

  it("rejects a forged timestamp with the original HMAC", () => {
    const header = signPayload(secret, body, at);
    const v1 = header.split(",v1=")[1];
    const t2 = Math.floor(at.getTime() / 1000) + 60;
    expect(verifySignature(secret, body, `t=${t2},v1=${v1}`, { now: at })).toBe(false);
  });

  it("rejects missing or malformed headers", () => {
    for (const header of [null, undefined, "", "garbage", "t=abc,v1=00", `v1=${"0".repeat(64)}`, `t=${Math.floor(at.getTime() / 1000)}`]) {
      expect(verifySignature(secret, body, header, { now: at })).toBe(false);
    }
  });

  it("accepts any matching v1 entry (secret rotation)", () => {
    const header = signPayload(secret, body, at);
    const [t, v1] = header.split(",");
    expect(verifySignature(secret, body, `${t},v1=${"a".repeat(64)},${v1}`, { now: at })).toBe(true);
  });
});
