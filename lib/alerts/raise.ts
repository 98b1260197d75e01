// raiseAlert(kind, details): the one way any code reports a critical event
// (a widening in a protected environment, a new admin-like scope, a failed
// assertion or drill). When the rule set (./rules.ts) has the kind on, the
// alert is recorded in the audit log and queued to every webhook endpoint
// subscribed to alert.raised (signed; generic JSON or a Slack message per
// endpoint), in the caller's transaction when it passes one: an alert about a
// change that rolls back is never sent.
import { appendAudit, type Actor } from "../audit/append";
import { transaction, type Db, type Tx } from "../db/client";
import { metrics } from "../ops/metrics";
import { enqueueWebhookEvent } from "../webhooks/enqueue";
import { alertSeverity, loadAlertRules, type AlertKind } from "./rules";

export type AlertDetails = { summary: string } & Record<string, unknown>;
export type RaisedAlert = { kind: AlertKind; severity: "high" | "critical"; summary: string; endpoints: number };

const alertActor: Actor = { id: null, label: "system:alerts" };

const isTx = (db: Db | Tx): db is Tx => !("$transaction" in db);

/** Raises an alert of `kind`; null when its rule is off. */
export async function raiseAlert(db: Db | Tx, kind: AlertKind, details: AlertDetails, now = new Date()): Promise<RaisedAlert | null> {
  const run = async (tx: Tx): Promise<RaisedAlert | null> => {
    const rules = await loadAlertRules(tx);
    if (!rules[kind]) return null;
    const severity = alertSeverity[kind];
    const data = { ...details, kind, severity };
    await appendAudit(tx, alertActor, [{ action: "alert.raised", targetType: "alert", targetId: kind, targetName: details.summary.slice(0, 200), after: data }], now);
    const endpoints = await enqueueWebhookEvent(tx, "alert.raised", data, now);
    return { kind, severity, summary: details.summary, endpoints };
  };
  const raised = isTx(db) ? await run(db) : await transaction(db, run);
  if (raised) metrics().alerts.inc({ kind });
  return raised;
}
