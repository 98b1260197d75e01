// The catalog files: export layout, stable output, and a lossless round trip.
import { describe, expect, it } from "vitest";
import { filesToState, stateToFiles } from "./files";
import { diffStates } from "./diff";
import { sampleState } from "../testing/ascode-state";

describe("catalog files", () => {
  it("writes one file per domain plus environments, issuers and the domain-less objects", () => {
    const files = stateToFiles(sampleState());
    expect([...files.keys()]).toEqual(["domains/_unowned.yaml", "domains/payments.yaml", "domains/search.yaml", "environments.yaml", "issuers.yaml"]);
    expect(files.get("domains/payments.yaml")).toContain("name: orders-db");
    expect(files.get("domains/_unowned.yaml")).toContain("name: alice");
    expect(files.get("domains/_unowned.yaml")).not.toContain("domain:");
  });

  it("is stable: the same catalog in another order gives byte-identical files", () => {
    const a = sampleState();
    const b = sampleState();
    b.resources.reverse();
    b.clients.reverse();
    b.environments.reverse();
    b.profiles[0]!.scopes!.reverse();
    expect(stateToFiles(b)).toEqual(stateToFiles(a));
  });

  it("reads back what it writes, so a fresh export plans no change", () => {
    const state = sampleState();
    const { state: read, errors } = filesToState(stateToFiles(state));
    expect(errors).toEqual([]);
    expect(diffStates(state, read).operations).toEqual([]);
    expect(read.clients.find((c) => c.name === "alice")?.domain).toBeNull();
  });

  it("names the file and the path of a schema error, and of YAML that does not parse", () => {
    const files = new Map([
      ["domains/x.yaml", "domain: { name: x }\nresources:\n  - name: db\n    environment: prod\n    kind: toaster\n"],
      ["bad.yaml", "environments: [\n"],
      ["extra.yaml", "clients:\n  - name: ci\n    kind: pipeline\n    secret: hunter2\n"],
    ]);
    const { errors } = filesToState(files);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "domains/x.yaml", path: "resources.0.kind" }),
        expect.objectContaining({ file: "bad.yaml" }),
        expect.objectContaining({ file: "extra.yaml", path: "clients.0", message: expect.stringContaining("secret") }),
      ]),
    );
  });

  it("refuses resources in a file without a domain", () => {
    const { errors } = filesToState(new Map([["r.yaml", "resources:\n  - name: db\n    environment: prod\n    kind: database\n"]]));
    expect(errors).toEqual([expect.objectContaining({ file: "r.yaml", path: "resources" })]);
  });
});
