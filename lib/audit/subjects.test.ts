import { describe, expect, it } from "vitest";
import { subjectsOf, tokenJtis } from "./subjects";

const event = (e: Partial<Parameters<typeof subjectsOf>[0]>) => ({ seq: 7, action: "x", targetType: "x", targetId: "", before: null, after: null, ...e });
const owners = new Map([["j1", { clientId: "c1", profileId: "p1" }]]);
const pairs = (e: Parameters<typeof subjectsOf>[0]) => subjectsOf(e, owners).map((s) => `${s.kind}:${s.subjectId}@${s.seq}`);

describe("the clients and profiles an audit event concerns", () => {
  it("is its own target when that is a client or a profile", () => {
    expect(pairs(event({ action: "client.updated", targetType: "client", targetId: "c9" }))).toEqual(["client:c9@7"]);
    expect(pairs(event({ action: "resource.updated", targetType: "resource", targetId: "r1" }))).toEqual([]);
  });

  it("is the owners named in a binding's, credential's or claim rule's snapshots, each once", () => {
    const moved = event({ targetType: "claimRule", before: JSON.stringify({ profileId: "p1", clientId: null }), after: JSON.stringify({ profileId: "p2", clientId: "c1" }) });
    expect(pairs(moved)).toEqual(["profile:p1@7", "client:c1@7", "profile:p2@7"]);
    const removed = event({ targetType: "binding", before: JSON.stringify({ clientId: "c1", profileId: "p1" }) });
    expect(pairs(removed)).toEqual(["client:c1@7", "profile:p1@7"]);
    // another entity's snapshot naming a client does not count
    expect(pairs(event({ targetType: "scope", after: JSON.stringify({ clientId: "c1" }) }))).toEqual([]);
  });

  it("is the owners of the tokens it names, when they are known", () => {
    const issued = event({ action: "token.issued", targetType: "client", targetId: "c1", after: JSON.stringify({ jti: "j1", profile: "orders-rw" }) });
    expect(pairs(issued)).toEqual(["client:c1@7", "profile:p1@7"]);
    const revoked = event({ action: "token.revoked", targetType: "token", targetId: "j1", after: JSON.stringify({ tokens: 1, jtis: ["j1", "unknown", 3] }) });
    expect(tokenJtis(revoked)).toEqual(["j1", "j1", "unknown"]);
    expect(pairs(revoked)).toEqual(["client:c1@7", "profile:p1@7"]);
  });
});
