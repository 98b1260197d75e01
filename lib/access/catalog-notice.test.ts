import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_NOTICE_BYTES, noticePayload, readNotice, type NoticeChange } from "./catalog-notice";

const SECRET = "notice-test-secret-0123456789abcdef012345";
const at = new Date("2026-12-04T12:00:00.000Z");
const changes: NoticeChange[] = [
  { entity: "binding", kind: "create", id: "b-1", after: JSON.stringify({ id: "b-1", clientId: "c-1", profileId: "p-1" }) },
  { entity: "scope", kind: "delete", id: "s-9", after: null },
];

describe("catalog notices", () => {
  it("carry the version's delta, in order, a delete's row null", () => {
    const payload = noticePayload(42, changes, at, SECRET);
    expect(readNotice(payload, SECRET)).toEqual({
      version: 42,
      delta: {
        at: at.toISOString(),
        changes: [
          { entity: "binding", id: "b-1", row: { id: "b-1", clientId: "c-1", profileId: "p-1" } },
          { entity: "scope", id: "s-9", row: null },
        ],
      },
    });
  });

  it("carry the version alone without a key secret, past the size limit, or when an operation lacks its snapshot", () => {
    expect(noticePayload(7, changes, at, null)).toBe("7");
    const big: NoticeChange[] = [{ entity: "scope", kind: "update", id: "s", after: JSON.stringify({ description: "x".repeat(MAX_NOTICE_BYTES) }) }];
    expect(noticePayload(7, big, at, SECRET)).toBe("7");
    expect(noticePayload(7, [{ entity: "scope", kind: "update", id: "s", after: null }], at, SECRET)).toBe("7");
    expect(readNotice("7", SECRET)).toEqual({ version: 7, delta: null });
    for (const nothing of ["", "abc", "-3", "0", "1.5"]) expect(readNotice(nothing, SECRET)).toBeNull();
  });

  it("believe no delta made without the key: another secret, no secret, or a forged MAC", () => {
    const payload = noticePayload(42, changes, at, SECRET);
    expect(readNotice(payload, "another-secret-0123456789abcdef0123456789")).toBeNull();
    expect(readNotice(payload, null)).toBeNull();
    const forged = payload.replace("c-1", "c-attacker");
    expect(forged).not.toBe(payload);
    expect(readNotice(forged, SECRET)).toBeNull();
    expect(readNotice(`d1.${"A".repeat(43)}.{"v":43,"at":"${at.toISOString()}","c":[]}`, SECRET)).toBeNull();
  });

  it("any change to a payload's bytes yields no delta but the one sent", () => {
    const row = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 });
    const change = fc.record({ entity: fc.string({ minLength: 1, maxLength: 10 }), id: fc.string({ minLength: 1, maxLength: 12 }), kind: fc.constantFrom("create", "update", "delete"), row });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.array(change, { maxLength: 5 }), fc.nat(), fc.integer({ min: 33, max: 126 }), (version, cs, where, byte) => {
        const sent = cs.map<NoticeChange>((c) => ({ entity: c.entity, kind: c.kind, id: c.id, after: c.kind === "delete" ? null : JSON.stringify(c.row) }));
        const payload = noticePayload(version, sent, at, SECRET);
        const read = readNotice(payload, SECRET)!;
        expect(read.version).toBe(version);
        expect(read.delta?.changes).toEqual(sent.map((c) => ({ entity: c.entity, id: c.id, row: c.after === null ? null : JSON.parse(c.after) })));
        const i = where % payload.length;
        const altered = payload.slice(0, i) + String.fromCharCode(byte) + payload.slice(i + 1);
        if (altered === payload) return;
        // a MAC character whose unused bits changed decodes to the same MAC: then it is the same notice
        const got = readNotice(altered, SECRET);
        if (got?.delta) expect(got).toEqual(read);
      }),
      { numRuns: 500 },
    );
  });
});
