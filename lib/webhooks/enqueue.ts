// Queues a webhook event inside the caller's transaction, one delivery per
// active endpoint subscribed to it: a rolled-back change sends nothing. The
// payload is stored exactly as it will be signed and sent; the worker in
// ./deliver.ts picks it up.
import { randomUUID } from "node:crypto";
import type { Tx } from "../db/client";
import type { WebhookEvent } from "./events";
import { slackMessage } from "./slack";

export function parseEvents(stored: string): string[] {
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

export async function enqueueWebhookEvent(tx: Tx, event: WebhookEvent, data: Record<string, unknown>, now = new Date()): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({ where: { active: true }, select: { id: true, events: true, format: true } });
  const subscribed = endpoints.filter((e) => parseEvents(e.events).includes(event));
  for (const endpoint of subscribed) {
    const id = `whd_${randomUUID().replaceAll("-", "")}`;
    // the endpoint's format: the generic envelope, or a Slack message
    const payload = JSON.stringify(endpoint.format === "slack" ? slackMessage(event, data, id) : { id, event, occurredAt: now.toISOString(), data });
    await tx.webhookDelivery.create({ data: { id, endpointId: endpoint.id, event, payload, createdAt: now, nextAttemptAt: null } });
  }
  return subscribed.length;
}
