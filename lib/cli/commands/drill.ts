// perimeter drill CLIENT: declares the client compromised in drill mode. The
// server mints a canary token (kept on the server), captures the blast radius
// and starts the clock; responders contain it from the drill's page with the
// real incident actions, and the report measures how fast every instance
// rejected the canary. --at schedules it instead.
import { call, connection } from "../api";
import { CliError } from "../errors";
import { plural, printJson, say, table, type Format } from "../output";

type Drill = {
  id: string;
  number: number;
  clientName: string;
  status: string;
  scheduledFor: string | null;
  instances: string[];
  blastRadius: { resources: number; actions: number; protected: number; items: string[] } | [];
};

export async function drillCommand(client: string, opts: { url?: string; token?: string; output: Format; reason?: string; at?: string }): Promise<number> {
  if (opts.at !== undefined && Number.isNaN(Date.parse(opts.at))) throw new CliError(`--at must be an ISO 8601 date-time such as 2027-01-31T09:00:00Z (got ${opts.at})`);
  const conn = connection(opts);
  const input = { clientId: client, reason: opts.reason ?? "Started with perimeter drill", ...(opts.at ? { scheduledFor: new Date(opts.at).toISOString() } : {}) };
  const { body: drill } = await call<Drill>(conn, "POST", "/api/v1/drills", input);
  const url = `${conn.url}/drills/${drill.number}`;
  if (opts.output === "json") {
    printJson({ ...drill, url });
    return 0;
  }
  say(`D-${drill.number} ${drill.clientName}: ${drill.status}${drill.scheduledFor && drill.status === "scheduled" ? ` (starts ${drill.scheduledFor})` : ""}`);
  say(`  ${url}`);
  if (!Array.isArray(drill.blastRadius)) {
    const b = drill.blastRadius;
    say(`Blast radius: ${plural(b.resources, "resource")}, ${plural(b.actions, "action")}, ${b.protected} in protected environments`);
    if (b.items.length) say(table(["reachable"], b.items.slice(0, 20).map((i) => [i])));
  }
  if (drill.instances.length) say(`Probing ${plural(drill.instances.length, "instance")}: ${drill.instances.join(", ")}`);
  say("Contain it from the drill's page (suspend, revoke tokens, revoke credentials); the clock is running.");
  return 0;
}
