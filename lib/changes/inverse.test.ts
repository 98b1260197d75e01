import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { inverseOperations, type StoredOperation } from "./inverse";

const op = (o: Partial<StoredOperation> & Pick<StoredOperation, "seq" | "kind" | "entity">): StoredOperation => ({
  targetId: `id-${o.seq}`,
  payload: "{}",
  before: null,
  after: null,
  ...o,
});

describe("inverseOperations", () => {
  it("deletes what was created, in reverse order", () => {
    const inv = inverseOperations([
      op({ seq: 0, kind: "create", entity: "resource", after: '{"name":"a"}' }),
      op({ seq: 1, kind: "create", entity: "scope", after: '{"action":"read"}' }),
    ]);
    expect(inv).toEqual([
      { entity: "scope", kind: "delete", id: "id-1" },
      { entity: "resource", kind: "delete", id: "id-0" },
    ]);
  });

  it("recreates a deleted object with its old id and fields", () => {
    const before = JSON.stringify({ id: "b1", clientId: "c1", profileId: "p1", expiresAt: null, reason: "ci" });
    expect(inverseOperations([op({ seq: 0, kind: "delete", entity: "binding", targetId: "b1", before })])).toEqual([
      { entity: "binding", kind: "create", id: "b1", data: { clientId: "c1", profileId: "p1", expiresAt: null, reason: "ci" } },
    ]);
  });

  it("restores only the fields an update changed, and a profile's whole scope set", () => {
    const before = JSON.stringify({ id: "p1", name: "deploy", description: "old", scopeIds: ["s1"], version: 3, owner: "x" });
    const payload = JSON.stringify({ addScopeIds: ["s2"], description: "new" });
    expect(inverseOperations([op({ seq: 0, kind: "update", entity: "profile", targetId: "p1", payload, before })])).toEqual([
      { entity: "profile", kind: "update", id: "p1", data: { scopeIds: ["s1"], description: "old" } },
    ]);
  });

  it("refuses to undo a credential revocation", () => {
    const before = JSON.stringify({ id: "k1", revokedAt: null });
    expect(() => inverseOperations([op({ seq: 0, kind: "update", entity: "credential", payload: '{"revoke":true}', before })])).toThrow(AppError);
  });
});
