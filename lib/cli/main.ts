// The `perimeter` CLI: declarative catalog files (export / validate / plan /
// apply / test), tokens and credentials. Every write opens a change request
// through the server's one write path; nothing here bypasses review.
// Exit codes: 0 ok, 1 error (or failed checks), 2 plan has changes.
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { applyCommand } from "./commands/apply";
import { collectCredential, issueCredential } from "./commands/credentials";
import { drillCommand } from "./commands/drill";
import { exportCommand } from "./commands/export";
import { planCommand } from "./commands/plan";
import { testCommand } from "./commands/test";
import { tokenCommand } from "./commands/token";
import { validateCommand } from "./commands/validate";
import { CliError, exitCodes } from "./errors";
import { printJson, type Format } from "./output";

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

type Global = { url?: string; token?: string; output: Format };

function program(run: (work: () => Promise<number> | number) => Promise<void>) {
  const cli = new Command("perimeter")
    .description("Perimeter as code: the catalog as YAML files, planned and applied through change requests.")
    .version(version, "-V, --version")
    .addOption(new Option("--url <url>", "the Perimeter server (default: $PERIMETER_URL)"))
    .addOption(new Option("--token <token>", "an API token, pmt_api_… (default: $PERIMETER_TOKEN)"))
    .addOption(new Option("-o, --output <format>", "table for people, json for machines").choices(["table", "json"]).default("table"))
    .showHelpAfterError()
    .exitOverride()
    .addHelpText("after", "\nExit codes: 0 ok, 1 error or failed checks, 2 plan has changes.");
  const g = (cmd: Command) => cmd.optsWithGlobals() as Global;

  cli
    .command("export")
    .description("write the live catalog as YAML: one file per domain, environments.yaml, issuers.yaml, assertions.yaml (no secrets)")
    .option("--out <dir>", "directory to write", "perimeter")
    .action((o: { out: string }, cmd: Command) => run(() => exportCommand({ ...g(cmd), out: o.out })));

  cli
    .command("validate")
    .description("check the files alone (offline): JSON Schema, references, policy checks, access assertions")
    .argument("<dir>", "the catalog directory")
    .option("--all", "list low-severity findings too")
    .action((dir: string, o: { all?: boolean }, cmd: Command) => run(() => validateCommand(dir, { ...g(cmd), all: o.all })));

  cli
    .command("plan")
    .description("compare the files with the live catalog: operations, reach delta, risk, findings, assertions (exit 2 when there are changes)")
    .argument("<dir>", "the catalog directory")
    .option("--prune", "also delete what the catalog holds and the files do not")
    .option("--all", "list low-severity findings too")
    .action((dir: string, o: { prune?: boolean; all?: boolean }, cmd: Command) => run(() => planCommand(dir, { ...g(cmd), ...o })));

  cli
    .command("apply")
    .description("open the change request for the plan (the same plan opens no second one); it is reviewed like any change")
    .argument("<dir>", "the catalog directory")
    .option("--prune", "also delete what the catalog holds and the files do not")
    .option("--plan-hash <hash>", "refuse (stale) unless the plan is still the one with this hash")
    .option("--wait", "wait until the request is applied (exit 1 when it is rejected, cancelled or goes stale)")
    .option("--timeout <seconds>", "how long --wait waits", "1800")
    .action((dir: string, o: { prune?: boolean; planHash?: string; wait?: boolean; timeout: string }, cmd: Command) => run(() => applyCommand(dir, { ...g(cmd), ...o })));

  cli
    .command("test")
    .description("run the files' access assertions and print pass/fail for each (exit 1 when one fails)")
    .argument("<dir>", "the catalog directory")
    .option("--live", "evaluate against the live catalog instead of the files")
    .action((dir: string, o: { live?: boolean }, cmd: Command) => run(() => testCommand(dir, { ...g(cmd), live: o.live })));

  cli
    .command("token")
    .description("print an access token: client_credentials, or --exchange of a CI job's OIDC token (RFC 8693)")
    .option("--client-id <name>", "the client (default: $PERIMETER_CLIENT_ID)")
    .option("--client-secret <secret>", "its secret (default: $PERIMETER_CLIENT_SECRET)")
    .option("--exchange <source>", "exchange an OIDC token: file:PATH, env:VAR, or github (Actions' OIDC endpoint)")
    .option("--audience <aud>", "with --exchange github: the audience to request")
    .option("--scope <scopes>", "space-separated scopes (default: the profile's)")
    .option("--profile <name>", "the profile, for a client bound to several")
    .option("--resource <uri...>", "resource indicators (RFC 8707)")
    .action((o: Record<string, string | string[] | undefined>, cmd: Command) => run(() => tokenCommand({ ...g(cmd), ...o })));

  const creds = cli.command("credentials").description("client credentials, issued through change requests");
  creds
    .command("issue")
    .description("issue a client secret as a change request (reviewed like any change)")
    .argument("<client>", "the client's name")
    .requiredOption("--expires <duration>", "lifetime: 30d, 12h, 90m, 2w")
    .option("--label <label>", "a label for the credential")
    .option("--reason <reason>", "why (shown to reviewers)")
    .option("--wait", "wait until the request is applied")
    .option("--timeout <seconds>", "how long --wait waits", "1800")
    .action((client: string, o: { expires: string; label?: string; reason?: string; wait?: boolean; timeout: string }, cmd: Command) =>
      run(() => issueCredential(client, { ...g(cmd), ...o })),
    );
  creds
    .command("collect")
    .description("print, once, the secrets of an applied change request you opened")
    .argument("<number>", "the change request: 42 or CR-42")
    .action((number: string, _o: unknown, cmd: Command) => run(() => collectCredential(number, g(cmd))));
  cli
    .command("drill")
    .description("declare a client compromised in drill mode: a canary token, its blast radius, and the clock until every instance rejects it")
    .argument("<client>", "the client's name")
    .option("--reason <reason>", "why (shown in the report)")
    .option("--at <time>", "schedule it (ISO 8601) instead of starting now")
    .action((client: string, o: { reason?: string; at?: string }, cmd: Command) => run(() => drillCommand(client, { ...g(cmd), ...o })));
  return cli;
}

/** Runs the CLI on argv and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code: number = exitCodes.ok;
  const json = argv.includes("json") && argv.some((a) => a === "-o" || a === "--output" || a === "--output=json");
  const run = async (work: () => Promise<number> | number) => {
    try {
      code = await work();
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      code = e.code;
      if (json) printJson({ error: e.message, details: e.details });
      else process.stderr.write(`perimeter: ${e.message}\n${e.details.map((d) => `  ${d}\n`).join("")}`);
    }
  };
  try {
    await program(run).parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? exitCodes.ok : exitCodes.error;
    process.stderr.write(`perimeter: ${(e as Error).stack ?? String(e)}\n`);
    return exitCodes.error;
  }
  return code;
}
