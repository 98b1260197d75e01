// perimeter apply DIR: opens the change request for the plan (never bypassing
// review); the same plan twice returns the request already open. With
// --plan-hash, a catalog that moved since that plan is refused as stale.
// --wait follows the request until it is applied or closed.
import type { ApplyOutcome } from "../../ascode/apply-catalog";
import { call, connection, type Connection } from "../api";
import { CliError } from "../errors";
import { loadState } from "../load-files";
import { printJson, say, type Format } from "../output";

const done = new Set(["applied", "rejected", "cancelled", "stale", "expired", "reverted"]);

export async function waitFor(conn: Connection, number: number, timeoutSeconds: number, quiet: boolean): Promise<string> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last = "";
  for (;;) {
    const { body } = await call<{ status: string }>(conn, "GET", `/api/v1/changes/${number}`);
    if (body.status !== last && !quiet) say(`CR-${number}: ${body.status}`);
    last = body.status;
    if (done.has(body.status)) return body.status;
    if (Date.now() > deadline) throw new CliError(`CR-${number} is still ${body.status} after ${timeoutSeconds}s`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export async function applyCommand(
  dir: string,
  opts: { url?: string; token?: string; output: Format; prune?: boolean; planHash?: string; wait?: boolean; timeout: string },
): Promise<number> {
  const { state } = loadState(dir);
  const conn = connection(opts);
  const { body: out } = await call<ApplyOutcome>(conn, "POST", "/api/v1/catalog-files/apply", { state, prune: !!opts.prune, planHash: opts.planHash, source: "cli" });
  const cr = out.changeRequest;
  const url = cr ? `${conn.url}/changes/${cr.number}` : null;
  let status = cr?.status ?? "up-to-date";
  if (opts.output !== "json") {
    if (!cr) say("Nothing to apply: the catalog matches the files.");
    else {
      say(`${out.reused ? "Already open from this plan" : "Opened"}: CR-${cr.number} ${cr.title}`);
      say(`  status ${cr.status}, risk ${cr.risk}`);
      say(`  ${url}`);
    }
  }
  if (cr && opts.wait && !done.has(cr.status)) status = await waitFor(conn, cr.number, Number(opts.timeout), opts.output === "json");
  if (opts.output === "json") printJson({ ...out, url, status });
  if (cr && opts.wait && status !== "applied") throw new CliError(`CR-${cr.number} ended ${status}, not applied`);
  return 0;
}
