import { describe, expect, it } from "vitest";
import { approvalProgress, orList, reachSummary, reviewAbilities } from "./approval-progress";

const high = { approvals: 2, ownerRequired: true, autoApply: false };

describe("approvalProgress", () => {
  it("counts approvals other than the author's and names the domains that need an owner", () => {
    const p = approvalProgress({
      requirement: high,
      decisions: [
        { userId: "a", decision: "approve", owner: false },
        { userId: "author", decision: "approve", owner: true },
      ],
      authorId: "author",
      domains: ["payments"],
    });
    expect(p).toMatchObject({ approved: 1, needed: 2, ownerNeeded: true, ownerApproved: false, satisfied: false });
    expect(p.text).toBe("1 of 2 approvals; needs an owner of payments");
  });

  it("is satisfied by enough approvals including an owner", () => {
    const p = approvalProgress({
      requirement: high,
      decisions: [
        { userId: "a", decision: "approve", owner: false },
        { userId: "o", decision: "approve", owner: true },
      ],
      authorId: "author",
      domains: ["payments", "platform"],
    });
    expect(p.satisfied).toBe(true);
    expect(p.text).toBe("2 of 2 approvals; an owner of payments or platform approved");
  });

  it("asks no owner when the change affects no domain, and reports requested changes", () => {
    const p = approvalProgress({
      requirement: { approvals: 1, ownerRequired: true, autoApply: false },
      decisions: [{ userId: "r", decision: "request_changes", owner: false }],
      authorId: null,
      domains: [],
    });
    expect(p).toMatchObject({ ownerNeeded: false, satisfied: false });
    expect(p.text).toBe("0 of 1 approval; changes requested by 1 reviewer");
  });

  it("needs nothing for auto-applied changes", () => {
    const p = approvalProgress({ requirement: { approvals: 0, ownerRequired: false, autoApply: true }, decisions: [], authorId: null, domains: ["x"] });
    expect(p.satisfied).toBe(true);
    expect(p.text).toMatch(/^No review needed/);
  });
});

describe("orList and reachSummary", () => {
  it("joins names", () => {
    expect(orList([])).toBe("");
    expect(orList(["a"])).toBe("a");
    expect(orList(["a", "b", "c"])).toBe("a, b or c");
  });

  it("summarises a reach delta", () => {
    expect(reachSummary({ clientsGaining: 0, clientsLosing: 0, totalGained: 0, totalLost: 0 })).toBe("No client's access changes");
    expect(reachSummary({ clientsGaining: 1, clientsLosing: 0, totalGained: 1, totalLost: 0 })).toBe("1 client gains 1 grant, none lose");
    expect(reachSummary({ clientsGaining: 3, clientsLosing: 1, totalGained: 5, totalLost: 2 })).toBe("3 clients gain 5 grants, 1 client loses 2 grants");
    expect(reachSummary({ clientsGaining: 0, clientsLosing: 2, totalGained: 0, totalLost: 4 })).toBe("no client gains access, 2 clients lose 4 grants");
  });
});

describe("reviewAbilities", () => {
  const base = { authorId: "ed", decisions: [] as { userId: string; decision: string }[] };

  it("lets approvers and admins who are not the author review open requests", () => {
    expect(reviewAbilities({ ...base, viewer: { id: "ap", role: "approver" }, status: "open" })).toMatchObject({ review: true, ownRequest: false, cancel: false });
    expect(reviewAbilities({ ...base, viewer: { id: "ad", role: "admin" }, status: "open" })).toMatchObject({ review: true, cancel: true });
    expect(reviewAbilities({ ...base, viewer: { id: "ed2", role: "editor" }, status: "open" }).review).toBe(false);
    expect(reviewAbilities({ ...base, viewer: { id: "ap", role: "approver" }, status: "approved" }).review).toBe(false);
  });

  it("tells the author they cannot approve their own request, and lets them cancel and apply", () => {
    expect(reviewAbilities({ ...base, authorId: "ap", viewer: { id: "ap", role: "approver" }, status: "open" })).toMatchObject({ review: false, ownRequest: true, cancel: true });
    expect(reviewAbilities({ ...base, viewer: { id: "ed", role: "editor" }, status: "approved" })).toMatchObject({ apply: true, cancel: true, ownRequest: false });
    expect(reviewAbilities({ ...base, viewer: { id: "other", role: "editor" }, status: "approved" }).apply).toBe(false);
    expect(reviewAbilities({ ...base, viewer: { id: "ap", role: "approver" }, status: "approved" }).apply).toBe(true);
  });

  it("offers revert on applied requests to anyone who may change the catalog, and nothing to the signed-out", () => {
    expect(reviewAbilities({ ...base, viewer: { id: "ed2", role: "editor" }, status: "applied" }).revert).toBe(true);
    expect(reviewAbilities({ ...base, viewer: { id: "v", role: "viewer" }, status: "applied" })).toMatchObject({ revert: false, comment: true });
    expect(reviewAbilities({ ...base, viewer: null, status: "applied" }).comment).toBe(false);
  });

  it("knows whether the viewer already approved", () => {
    const decisions = [{ userId: "ap", decision: "approve" }];
    expect(reviewAbilities({ ...base, decisions, viewer: { id: "ap", role: "approver" }, status: "open" }).approvedByViewer).toBe(true);
  });
});

describe("approvalProgress: distinct qualifying reviewers and who can still approve", () => {
  const candidates = [
    { userId: "a", email: "approver@x", owner: false },
    { userId: "o", email: "ana@x", owner: true },
    { userId: "b", email: "ben@x", owner: false },
  ];

  it("never reports more approvals than needed, and counts each person once", () => {
    const p = approvalProgress({
      requirement: { approvals: 2, ownerRequired: false, autoApply: false },
      decisions: [
        { userId: "a", decision: "approve", owner: false },
        { userId: "a", decision: "approve", owner: false },
        { userId: "b", decision: "approve", owner: false },
        { userId: "o", decision: "approve", owner: true },
      ],
      authorId: "author",
      domains: [],
    });
    expect(p.approved).toBe(2);
    expect(p.text).toBe("2 of 2 approvals (3 reviewers approved)");
    expect(p.text).not.toMatch(/3 of 2/);
  });

  it("does not count someone whose role no longer lets them approve", () => {
    const p = approvalProgress({
      requirement: { approvals: 1, ownerRequired: false, autoApply: false },
      decisions: [{ userId: "e", decision: "approve", owner: false, role: "editor" }],
      authorId: null,
      domains: [],
    });
    expect(p).toMatchObject({ approved: 0, satisfied: false });
  });

  it("names who can still satisfy each missing requirement", () => {
    const p = approvalProgress({
      requirement: { approvals: 2, ownerRequired: true, autoApply: false },
      decisions: [{ userId: "a", decision: "approve", owner: false }],
      authorId: "author",
      domains: ["payments"],
      candidates,
    });
    expect(p.missing).toEqual([{ need: "an approval from an owner of payments", who: ["ana@x"] }]);
  });

  it("says when nobody can give an owner approval", () => {
    const p = approvalProgress({
      requirement: { approvals: 2, ownerRequired: true, autoApply: false },
      decisions: [],
      authorId: "o",
      domains: ["payments"],
      candidates,
    });
    expect(p.missing).toEqual([
      { need: "an approval from an owner of payments", who: [] },
      { need: "1 more approval from an approver or admin other than the author", who: ["approver@x", "ben@x"] },
    ]);
  });
});
