// perimeter validate DIR: offline checks of the files alone — the JSON Schema,
// references between objects, the policy checks, and the access assertions.
import { checkAssertions, type AssertionResult } from "../../ascode/assertions";
import { offlineFindings } from "../../ascode/offline-policy";
import { checkReferences } from "../../ascode/references";
import type { Finding } from "../../policy/findings";
import { CliError } from "../errors";
import { loadState } from "../load-files";
import { plural, printJson, say, table, type Format } from "../output";
import { assertionTable, findingTable } from "../render";

export type Validation = { files: number; references: string[]; findings: Finding[]; assertions: AssertionResult[]; ok: boolean };

export function validateDir(dir: string, now = new Date()): Validation {
  const { state, files } = loadState(dir);
  const references = checkReferences(state).map((r) => `${r.at}: ${r.message}`);
  if (references.length) return { files, references, findings: [], assertions: [], ok: false };
  const findings = offlineFindings(state);
  const assertions = checkAssertions(state, now);
  const ok = !findings.some((f) => f.blocking) && assertions.every((a) => a.pass);
  return { files, references, findings, assertions, ok };
}

export function validateCommand(dir: string, opts: { output: Format; all?: boolean }): number {
  const v = validateDir(dir);
  if (opts.output === "json") {
    printJson(v);
    return v.ok ? 0 : 1;
  }
  if (v.references.length) throw new CliError(`${plural(v.references.length, "reference error")} in ${dir}`, v.references);
  say(`${dir}: ${plural(v.files, "file")}, schema and references OK`);
  say(findingTable(v.findings, opts.all ?? false));
  say(assertionTable(v.assertions));
  const blocking = v.findings.filter((f) => f.blocking).length;
  const failed = v.assertions.filter((a) => !a.pass).length;
  say(v.ok ? "valid" : `invalid: ${plural(blocking, "blocking finding")}, ${plural(failed, "failing assertion")}`);
  return v.ok ? 0 : 1;
}
