// perimeter token: an access token from the server's token endpoint, printed
// alone on stdout (for $(…)) or as JSON. client_credentials with the client's
// name and secret, or --exchange: RFC 8693 token exchange of a CI job's OIDC
// token (from a file, an environment variable, or GitHub Actions' OIDC
// endpoint) for a token of the client its claim rule names.
import { readFileSync } from "node:fs";
import { connection } from "../api";
import { CliError } from "../errors";
import { printJson, type Format } from "../output";

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

type TokenOptions = {
  url?: string;
  output: Format;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  profile?: string;
  resource?: string[];
  exchange?: string;
  audience?: string;
};

/** The subject token: file:PATH, env:VAR, github (Actions' OIDC endpoint), or a path. */
export async function subjectToken(source: string, audience?: string): Promise<string> {
  if (source.startsWith("env:")) {
    const v = process.env[source.slice(4)];
    if (!v) throw new CliError(`--exchange ${source}: the variable is not set`);
    return v.trim();
  }
  if (source === "github") {
    const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const bearer = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url || !bearer) throw new CliError("--exchange github needs ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN: give the job `permissions: id-token: write`");
    const res = await fetch(`${url}${audience ? `&audience=${encodeURIComponent(audience)}` : ""}`, { headers: { authorization: `Bearer ${bearer}` } });
    if (!res.ok) throw new CliError(`GitHub's OIDC endpoint answered ${res.status}`);
    return ((await res.json()) as { value: string }).value;
  }
  const file = source.startsWith("file:") ? source.slice(5) : source;
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    throw new CliError(`--exchange: cannot read ${file} (use file:PATH, env:VAR or github)`);
  }
}

export async function tokenCommand(opts: TokenOptions): Promise<number> {
  const conn = connection(opts, false);
  const form = new URLSearchParams();
  if (opts.exchange) {
    form.set("grant_type", TOKEN_EXCHANGE);
    form.set("subject_token", await subjectToken(opts.exchange, opts.audience));
    form.set("subject_token_type", JWT_TYPE);
  } else {
    const id = opts.clientId ?? process.env.PERIMETER_CLIENT_ID;
    const secret = opts.clientSecret ?? process.env.PERIMETER_CLIENT_SECRET;
    if (!id || !secret) throw new CliError("client_credentials needs --client-id and --client-secret (or PERIMETER_CLIENT_ID / PERIMETER_CLIENT_SECRET), or use --exchange");
    form.set("grant_type", "client_credentials");
    form.set("client_id", id);
    form.set("client_secret", secret);
  }
  if (opts.scope) form.set("scope", opts.scope);
  if (opts.profile) form.set("profile", opts.profile);
  for (const r of opts.resource ?? []) form.append("resource", r);
  let res: Response;
  try {
    res = await fetch(`${conn.url}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: form });
  } catch (e) {
    throw new CliError(`cannot reach ${conn.url}: ${(e as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string; expires_in?: number; scope?: string };
  if (!res.ok || !body.access_token) throw new CliError(`token request refused (${res.status}): ${body.error ?? "error"}${body.error_description ? `: ${body.error_description}` : ""}`);
  if (opts.output === "json") printJson(body);
  else process.stdout.write(`${body.access_token}\n`);
  return 0;
}
