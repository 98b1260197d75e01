// perimeter credentials issue CLIENT --expires 30d: a new client secret as a
// change request (reviewed like any change). Applied at once, the secret is
// printed this once; otherwise it is held for the author, who collects it once
// after approval (in the console, or here with the write API token that opened it:
// --wait collects it when the request applies, `credentials collect N` later).
import { call, connection } from "../api";
import { CliError } from "../errors";
import { printJson, say, type Format } from "../output";
import { waitFor } from "./apply";

const units: Record<string, number> = { m: 60, h: 3600, d: 86_400, w: 604_800 };

/** "30d", "12h", "90m", "2w" -> that much later than now. */
export function expiryFrom(text: string, now = new Date()): Date {
  const m = /^(\d+)([mhdw])$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new CliError(`--expires must look like 30d, 12h, 90m or 2w (got ${text})`);
  return new Date(now.getTime() + Number(m[1]) * units[m[2]!]! * 1000);
}

type Opened = { changeRequest: { number: number; status: string; risk: string; title: string }; results: { id: string; name: string; secret?: string }[] };

export async function issueCredential(client: string, opts: { url?: string; token?: string; output: Format; expires: string; label?: string; reason?: string; wait?: boolean; timeout: string }): Promise<number> {
  const conn = connection(opts);
  const expiresAt = expiryFrom(opts.expires).toISOString();
  const { body: page } = await call<{ items: { id: string; name: string }[] }>(conn, "GET", `/api/v1/clients?q=${encodeURIComponent(client)}&limit=200`);
  const found = page.items.find((c) => c.name === client);
  if (!found) throw new CliError(`no client named ${client}`);
  const input = {
    title: `Issue a credential for ${client}`,
    reason: opts.reason ?? `Requested with perimeter credentials issue (expires ${expiresAt})`,
    operations: [{ entity: "credential", kind: "create", data: { clientId: found.id, kind: "secret", label: opts.label ?? "", expiresAt } }],
  };
  const { body } = await call<Opened>(conn, "POST", "/api/v1/changes", input);
  const cr = body.changeRequest;
  let secret = body.results[0]?.secret;
  const url = `${conn.url}/changes/${cr.number}`;
  let status = cr.status;
  if (opts.wait && status !== "applied") {
    status = await waitFor(conn, cr.number, Number(opts.timeout), opts.output === "json");
    if (status === "applied" && !secret) secret = (await collectSecrets(conn, cr.number))[0]?.secret;
  }
  if (opts.output === "json") {
    printJson({ changeRequest: { ...cr, status }, url, credential: body.results[0] ? { id: body.results[0].id, name: body.results[0].name } : null, secret: secret ?? null, expiresAt });
    return 0;
  }
  say(`CR-${cr.number} ${cr.title}: ${status} (risk ${cr.risk})`);
  say(`  ${url}`);
  if (secret) say(`Secret (shown once, store it now): ${secret}`);
  else say(`The secret is held for you: once CR-${cr.number} is applied, run \`perimeter credentials collect ${cr.number}\` (or open it in the console) to see it once.`);
  if (opts.wait && status !== "applied") throw new CliError(`CR-${cr.number} ended ${status}, not applied`);
  return 0;
}

type Collected = { secrets: { credentialId: string; name: string; secret: string }[] };

async function collectSecrets(conn: ReturnType<typeof connection>, number: number) {
  return (await call<Collected>(conn, "POST", `/api/v1/changes/${number}/secrets`, {})).body.secrets;
}

/** perimeter credentials collect N: the secrets of an applied request you opened, once. */
export async function collectCredential(number: string, opts: { url?: string; token?: string; output: Format }): Promise<number> {
  const n = Number(number.replace(/^CR-/i, ""));
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`expected a change request number such as 42 or CR-42 (got ${number})`);
  const secrets = await collectSecrets(connection(opts), n);
  if (opts.output === "json") printJson({ secrets });
  else for (const s of secrets) say(`${s.name}: ${s.secret}  (shown once, store it now)`);
  return 0;
}
