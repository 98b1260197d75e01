// A Slack incoming-webhook message for an event (endpoints whose format is
// "slack"): a one-line `text` (what notifications show) and a section block
// with the details. Slack ignores the signature headers; receivers that
// verify them use the generic JSON format.
const titles: Record<string, string> = {
  "audit.checkpoint": "Audit checkpoint signed",
  "alert.raised": "Perimeter alert",
};

function line(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `*${k}*: ${String(v)}`)
    .join("\n");
}

export function slackMessage(event: string, data: Record<string, unknown>, id: string): Record<string, unknown> {
  const summary = typeof data.summary === "string" ? data.summary : null;
  const title = titles[event] ?? `Perimeter: ${event}`;
  const text = summary ? `${title}: ${summary}` : title;
  const details = line(Object.fromEntries(Object.entries(data).filter(([k]) => k !== "summary" && k !== "jws")));
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${text}*` } },
      ...(details ? [{ type: "section", text: { type: "mrkdwn", text: details.slice(0, 2900) } }] : []),
      { type: "context", elements: [{ type: "mrkdwn", text: `${event} · ${id}` }] },
    ],
  };
}
