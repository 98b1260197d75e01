// The CLI's HTTP client for a Perimeter server: base URL and API token from
// --url/--token or PERIMETER_URL/PERIMETER_TOKEN; problem details become
// CliErrors naming the failing fields.
import { CliError } from "./errors";

export type Connection = { url: string; token?: string };

type Problem = { title?: string; detail?: string; status?: number; errors?: { field: string; message: string }[] };

export function connection(opts: { url?: string; token?: string }, needToken = true): Connection {
  const url = (opts.url ?? process.env.PERIMETER_URL ?? "").replace(/\/+$/, "");
  const token = opts.token ?? process.env.PERIMETER_TOKEN;
  if (!url) throw new CliError("no server: pass --url or set PERIMETER_URL (e.g. https://perimeter.example.com)");
  if (!/^https?:\/\//.test(url)) throw new CliError(`--url / PERIMETER_URL must start with http:// or https:// (got ${url})`);
  if (needToken && !token) throw new CliError("no API token: pass --token or set PERIMETER_TOKEN (an API token, pmt_api_…, created by an admin)");
  return { url, token };
}

export async function call<T>(conn: Connection, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(`${conn.url}${path}`, {
      method,
      headers: {
        accept: "application/json",
        "x-perimeter-client": "cli",
        ...(conn.token ? { authorization: `Bearer ${conn.token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  } catch (e) {
    throw new CliError(`cannot reach ${conn.url}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const p = (parsed ?? {}) as Problem & { error?: string; error_description?: string };
    const message = p.detail ?? p.error_description ?? p.title ?? p.error ?? `HTTP ${res.status}`;
    throw new CliError(`${method} ${path} failed (${res.status}): ${message}`, (p.errors ?? []).map((e) => `${e.field}: ${e.message}`));
  }
  return { status: res.status, body: parsed as T };
}
