// perimeter test DIR: runs the files' access assertions and prints pass/fail
// for each — over the files (default) or over the live catalog (--live).
import { checkAssertions } from "../../ascode/assertions";
import type { CatalogState } from "../../ascode/format";
import { call, connection } from "../api";
import { loadState } from "../load-files";
import { printJson, say, type Format } from "../output";
import { assertionTable } from "../render";

export async function testCommand(dir: string, opts: { url?: string; token?: string; output: Format; live?: boolean }): Promise<number> {
  const { state } = loadState(dir);
  let target = state;
  if (opts.live) target = (await call<{ state: CatalogState }>(connection(opts), "GET", "/api/v1/catalog-files")).body.state;
  const results = checkAssertions(target, new Date(), state.assertions);
  const ok = results.every((r) => r.pass);
  if (opts.output === "json") printJson({ against: opts.live ? "live" : "files", ok, results });
  else {
    say(`Against ${opts.live ? "the live catalog" : "the files"}:`);
    say(assertionTable(results));
  }
  return ok ? 0 : 1;
}
