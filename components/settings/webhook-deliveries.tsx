// The webhook delivery log: newest first, failures marked in the row itself.
import { Badge, type Tone } from "@/components/ui/badge";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";

export type WebhookDeliveryRow = {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
  endpoint: { id: string; name: string };
};

function statusOf(d: WebhookDeliveryRow): { label: string; tone: Tone } {
  if (d.status === "delivered") return { label: "delivered", tone: "good" };
  if (d.status === "failed") return { label: "failed", tone: "bad" };
  if (d.attempts > 0) return { label: "retrying", tone: "warn" };
  return { label: "pending", tone: "info" };
}

export function WebhookDeliveries({ deliveries, showEndpoint = true }: { deliveries: WebhookDeliveryRow[]; showEndpoint?: boolean }) {
  const columns = showEndpoint ? 7 : 6;
  return (
    <Table caption="Webhook deliveries, newest first">
      <thead>
        <tr>
          {showEndpoint ? <Th>Webhook</Th> : null}
          <Th>Event</Th>
          <Th>Status</Th>
          <Th>Attempts</Th>
          <Th>Last response</Th>
          <Th>Next attempt</Th>
          <Th>Created</Th>
        </tr>
      </thead>
      <tbody>
        {deliveries.length === 0 ? <EmptyRow colSpan={columns}>No deliveries yet.</EmptyRow> : null}
        {deliveries.map((d) => {
          const status = statusOf(d);
          const failing = d.status === "failed" || (d.status === "pending" && d.attempts > 0);
          return (
            <tr key={d.id} className={d.status === "failed" ? "bg-rose-50/70 dark:bg-rose-950/30" : undefined}>
              {showEndpoint ? <Td>{d.endpoint.name}</Td> : null}
              <Td mono>{d.event}</Td>
              <Td>
                <Badge tone={status.tone}>{status.label}</Badge>
                {d.deliveredAt ? <span className="sr-only"> at {formatDateTime(d.deliveredAt)}</span> : null}
              </Td>
              <Td>{d.attempts}</Td>
              <Td>
                {d.lastStatusCode === null && !d.lastError ? (
                  "—"
                ) : (
                  <span className={`flex flex-col ${failing ? "text-rose-700 dark:text-rose-300" : ""}`}>
                    {d.lastStatusCode !== null && !d.lastError?.startsWith("HTTP ") ? <span className="font-mono text-[13px]">HTTP {d.lastStatusCode}</span> : null}
                    {d.lastError ? (
                      <span className="max-w-md break-words text-xs" title={d.lastError}>
                        {d.lastError}
                      </span>
                    ) : null}
                  </span>
                )}
              </Td>
              <Td>{d.status === "pending" ? (d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : "now") : "—"}</Td>
              <Td>{formatDateTime(d.createdAt)}</Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
