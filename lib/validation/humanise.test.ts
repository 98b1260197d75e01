import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldLabel, humaniseError, humaniseIssues, humaniseMessage } from "./humanise";

// the messages people see must never carry paths, enum dumps or parser text
const machine = /operations\.\d|expected|received|NaN|\|/;

describe("humanise", () => {
  it("names write-path fields in words", () => {
    expect(fieldLabel("operations.0.data.name")).toBe("Name");
    expect(fieldLabel("operations.2.data.environmentId")).toBe("Environment");
    expect(fieldLabel("operations.1.data.conditions.repository")).toBe("Claim conditions");
    expect(fieldLabel("operations.0.data.maxTokenLifetimeSeconds", { maxTokenLifetimeSeconds: "Max lifetime" })).toBe("Max lifetime");
    expect(fieldLabel("someNewField")).toBe("Some new field");
  });

  it("rewrites zod's own messages for every kind of bad input", () => {
    const schema = z.object({ n: z.number(), k: z.enum(["a", "b"]), s: z.string().min(2), e: z.email(), when: z.iso.datetime(), req: z.string() });
    const r = schema.safeParse({ n: Number("x"), k: "c", s: "x", e: "nope", when: "tomorrow" });
    expect(r.success).toBe(false);
    const out = humaniseIssues(r.error!.issues);
    expect(Object.keys(out).sort()).toEqual(["e", "k", "n", "req", "s", "when"]);
    for (const m of Object.values(out)) expect(m).not.toMatch(machine);
    expect(out.n).toBe("enter a number");
    expect(out.k).toBe("choose one of the offered options");
    expect(out.req).toMatch(/required/);
  });

  it("turns a server refusal into one sentence naming the field", () => {
    const s = humaniseError("operations.0.data.name: \"orders\" is already taken", [{ field: "operations.0.data.name", message: "\"orders\" is already taken" }]);
    expect(s).toBe('Name: "orders" is already taken');
    expect(humaniseError("operations.1.data.action: Invalid input: expected string, received undefined")).toBe("Action: is required; fill it in");
    expect(humaniseError("The viewer role may not do this.")).toBe("The viewer role may not do this.");
  });

  it("keeps ids out of messages", () => {
    expect(humaniseMessage("no scope with id c123abc")).not.toMatch(/c123abc/);
  });
});
