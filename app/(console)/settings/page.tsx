import type { Metadata } from "next";
import Link from "next/link";
import { AlertRulesForm } from "@/components/settings/alert-rules-form";
import { ApiTokenForm } from "@/components/settings/api-token-form";
import { ApprovalRulesForm } from "@/components/settings/approval-rules-form";
import { DrillObjectiveForm, RevocationPoliciesForm } from "@/components/settings/revocation-policies-form";
import { RevokeTokenButton } from "@/components/settings/revoke-token-button";
import { RoleSelect } from "@/components/settings/role-select";
import { UserStatusButton } from "@/components/settings/user-status-button";
import { WebhookDeliveries } from "@/components/settings/webhook-deliveries";
import { WebhookControls, WebhookForm } from "@/components/settings/webhook-form";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { listApiTokens } from "@/lib/api-tokens/manage-api-tokens";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { loadAlertRules } from "@/lib/alerts/rules";
import { defaultApprovalRules, loadApprovalRules } from "@/lib/changes/approval-rules";
import { db } from "@/lib/db/client";
import { loadDrillPolicy } from "@/lib/drills/settings";
import { loadRevocationPolicies } from "@/lib/revocation/settings";
import { formatDateTime } from "@/lib/format";
import { listUsers } from "@/lib/users/update-user";
import { listWebhookDeliveries, listWebhookEndpoints } from "@/lib/webhooks/manage-endpoints";

export const metadata: Metadata = { title: "Settings" };

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function SettingsPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  if (!can(actor, "settings.manage")) {
    return (
      <>
        <PageHeader title="Settings" />
        <p role="status" className="rounded-md border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
          Only admins manage console users, approval rules, API tokens and webhooks. You are signed in as {actor?.label} with the {actor?.role} role.
        </p>
      </>
    );
  }
  const webhookParam = (await searchParams).webhook;
  const webhookFilter = typeof webhookParam === "string" && webhookParam ? webhookParam : undefined;
  const [users, tokens, webhooks, deliveries, approvalRules, alertRules, revocation, drillPolicy] = await Promise.all([
    listUsers(db()),
    listApiTokens(db()),
    listWebhookEndpoints(db(), { actor: actor! }),
    listWebhookDeliveries(db(), { actor: actor!, endpointId: webhookFilter, limit: 50 }),
    loadApprovalRules(db()),
    loadAlertRules(db()),
    loadRevocationPolicies(db()),
    loadDrillPolicy(db()),
  ]);
  const filteredWebhook = webhooks.find((w) => w.id === webhookFilter);
  return (
    <>
      <PageHeader title="Settings" description="Console users and their roles; API tokens for machines calling /api/v1; webhooks for change-approval events." />
      <section aria-labelledby="users" className="mb-10">
        <h2 id="users" className="mb-3 text-lg font-semibold">
          Console users
        </h2>
        <Table caption="Console users">
          <thead>
            <tr>
              <Th>Email</Th>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th>Last sign-in</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <Td mono>{u.email}</Td>
                <Td>{u.name}</Td>
                <Td>
                  <RoleSelect id={u.id} email={u.email} role={u.role} disabled={u.id === actor?.id} />
                </Td>
                <Td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : "never"}</Td>
                <Td>
                  <span className="flex items-center gap-2">
                    {u.disabled ? <Badge tone="neutral">disabled</Badge> : null}
                    <UserStatusButton id={u.id} email={u.email} disabled={u.disabled} self={u.id === actor.id} />
                  </span>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
      <section aria-labelledby="approval-rules" className="mb-10">
        <h2 id="approval-rules" className="mb-1 text-lg font-semibold">
          Approval rules
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          Which approvals a change request needs, by the risk computed when it is opened.
        </p>
        <ApprovalRulesForm rules={approvalRules} defaults={defaultApprovalRules} />
      </section>
      <section aria-labelledby="revocation-policies" className="mb-10">
        <h2 id="revocation-policies" className="mb-1 text-lg font-semibold">
          Revocation policies
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          Automated revocation: each run opens change requests through the write path (or applies them under the rule&apos;s emergency rule), and is audited.
        </p>
        <RevocationPoliciesForm policies={revocation} owner={revocation.owner?.label ?? null} />
      </section>
      <section aria-labelledby="drill-objective" className="mb-10">
        <h2 id="drill-objective" className="mb-1 text-lg font-semibold">
          Breach drills
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">A drill whose containment takes longer than the objective raises a finding in its report.</p>
        <DrillObjectiveForm objectiveSeconds={drillPolicy.objectiveSeconds} />
      </section>
      <section aria-labelledby="alert-rules" className="mb-10">
        <h2 id="alert-rules" className="mb-1 text-lg font-semibold">
          Alert rules
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">Critical scope changes and failed checks that raise an alert.</p>
        <AlertRulesForm rules={alertRules} />
      </section>
      <section aria-labelledby="api-tokens" className="mb-10">
        <h2 id="api-tokens" className="mb-3 text-lg font-semibold">
          API tokens
        </h2>
        <div className="mb-4">
          <ApiTokenForm />
        </div>
        <Table caption="API tokens">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Prefix</Th>
              <Th>Access</Th>
              <Th>Created</Th>
              <Th>Expires</Th>
              <Th>Last used</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 ? <EmptyRow colSpan={7}>No API tokens yet.</EmptyRow> : null}
            {tokens.map((t) => (
              <tr key={t.id}>
                <Td>{t.name}</Td>
                <Td mono>{t.prefix}</Td>
                <Td>{t.access}</Td>
                <Td>
                  {formatDateTime(t.createdAt)} by {t.createdBy.email}
                </Td>
                <Td>{t.expiresAt ? formatDateTime(t.expiresAt) : "never"}</Td>
                <Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "never"}</Td>
                <Td>{t.revokedAt ? <Badge tone="neutral">revoked</Badge> : <RevokeTokenButton id={t.id} name={t.name} />}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
      <section aria-labelledby="webhooks">
        <h2 id="webhooks" className="mb-1 text-lg font-semibold">
          Webhooks
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          Perimeter POSTs a signed JSON event to each active webhook subscribed to it, and retries with backoff (8 attempts over about 20 minutes) until it
          gets a 2xx answer.
        </p>
        <div className="mb-4">
          <WebhookForm />
        </div>
        <Table caption="Webhooks">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>URL</Th>
              <Th>Events</Th>
              <Th>Created</Th>
              <Th>Deliveries</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody>
            {webhooks.length === 0 ? <EmptyRow colSpan={6}>No webhooks yet.</EmptyRow> : null}
            {webhooks.map((w) => (
              <tr key={w.id}>
                <Td>{w.name}</Td>
                <Td mono>{w.url}</Td>
                <Td mono>{w.events.join(", ")}</Td>
                <Td>{formatDateTime(w.createdAt)}</Td>
                <Td>
                  <Link href={`/settings?webhook=${encodeURIComponent(w.id)}#webhook-deliveries`} className="text-sky-700 hover:underline dark:text-sky-400">
                    Log<span className="sr-only"> of {w.name}</span>
                  </Link>
                  {w.failedDeliveries ? (
                    <>
                      {" "}
                      <Badge tone="bad">{w.failedDeliveries} failed</Badge>
                    </>
                  ) : null}
                </Td>
                <Td>
                  <WebhookControls id={w.id} name={w.name} active={w.active} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <h3 id="webhook-deliveries" className="mb-3 mt-6 font-semibold">
          Recent deliveries{filteredWebhook ? ` to ${filteredWebhook.name}` : ""}
          {filteredWebhook ? (
            <Link href="/settings#webhook-deliveries" className="ml-3 text-sm font-normal text-sky-700 hover:underline dark:text-sky-400">
              Show all webhooks
            </Link>
          ) : null}
        </h3>
        <WebhookDeliveries deliveries={deliveries} showEndpoint={!filteredWebhook} />
      </section>
    </>
  );
}
