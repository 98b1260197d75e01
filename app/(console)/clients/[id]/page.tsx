import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, criticalityTone, statusTone, type Tone } from "@/components/ui/badge";
import { AppliedNotice, DetailActions, NewLink, secondaryLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { DetailFields, type DetailField } from "@/components/ui/detail-fields";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { getClient } from "@/lib/catalog/queries/get-client";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { StartDrillForm } from "@/components/drills/start-drill-form";
import { CredentialActions } from "@/components/oauth/credential-actions";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { UsageSection } from "@/components/usage/usage-table";
import { usageForClient } from "@/lib/usage/load-usage";
import { parseUsageDays } from "@/lib/usage/usage";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireActor();
  const c = await getClient(db(), (await params).id);
  return { title: c ? c.name : "Client not found" };
}

const card = "rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";
const link = "text-sky-700 hover:underline dark:text-sky-400";
const muted = "text-slate-600 dark:text-slate-400";
const credentialTone: Record<string, Tone> = { active: "good", revoked: "bad", expired: "neutral" };

export default async function ClientPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const [c, usage] = await Promise.all([getClient(db(), id), usageForClient(db(), id, { days: parseUsageDays(sp.days) })]);
  if (!c) notFound();
  const fields: DetailField[] = [
    ["Display name", c.displayName || "—"],
    ["Kind", c.kind],
    ["Status", <Badge key="s" tone={statusTone[c.status]}>{c.status}</Badge>],
    ["Domain", c.domain ? `${c.domain.displayName} (${c.domain.name})` : "—"],
    ["Owner", c.owner || "—"],
    ["Last changed", formatDateTime(c.updatedAt)],
  ];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/clients" className={link}>
          ← Clients
        </Link>
      </p>
      <PageHeader
        title={c.name}
        description={c.description || undefined}
        actions={
          <DetailActions actor={actor} entity="client" id={c.id} label={`client ${c.name}`} editHref={`/clients/${c.id}/edit`} listHref="/clients">
            {can(actor, "change.emergency") && c.status === "active" ? <StartDrillForm client={c.name} compact /> : null}
            <Link href={`/audit?client=${encodeURIComponent(c.name)}`} className={secondaryLink}>
              Audit trail
            </Link>
            {can(actor, "change.create") ? (
              <Link href={`/bindings/new?client=${c.id}`} className={secondaryLink} aria-label={`bind ${c.name} to a profile`}>
                Bind to a profile
              </Link>
            ) : null}
            <NewLink actor={actor} href={`/credentials/new?client=${c.id}`}>
              Issue credential
            </NewLink>
          </DetailActions>
        }
      />
      <AppliedNotice done={typeof sp.done === "string" ? sp.done : undefined} />
      <DetailFields fields={fields} />

      <section aria-labelledby="effective" className="mb-6">
        <h2 id="effective" className="mb-1 font-semibold">
          Effective scopes
        </h2>
        <p className={`mb-2 text-sm ${muted}`}>What this client can do now: the scopes of its bound profiles, leaving out expired bindings and profiles.</p>
        {c.effectiveScopes.length === 0 ? <p className={`${card} text-sm ${muted}`}>No effective scopes.</p> : null}
        {c.effectiveScopes.map((g) => (
          <div key={g.environment.name} className="mb-4">
            <h3 className="mb-1 text-sm font-medium">
              {g.environment.displayName && g.environment.displayName !== g.environment.name ? `${g.environment.displayName} (${g.environment.name})` : g.environment.name}
            </h3>
            <Table caption={`Effective scopes of ${c.name} in ${g.environment.name}`}>
              <thead>
                <tr>
                  <Th>Scope</Th>
                  <Th>Criticality</Th>
                  <Th>Granted by</Th>
                </tr>
              </thead>
              <tbody>
                {g.scopes.map((s) => (
                  <tr key={s.id}>
                    <Td mono>
                      <Link href={`/resources/${s.resource.id}`} className={link}>
                        {s.name}
                      </Link>
                    </Td>
                    <Td>
                      <Badge tone={criticalityTone[s.criticality]}>{s.criticality}</Badge>
                    </Td>
                    <Td mono>
                      {s.profiles.map((p, i) => (
                        <span key={p.id}>
                          {i ? ", " : ""}
                          <Link href={`/profiles/${p.id}`} className={link}>
                            {p.name}
                          </Link>
                        </span>
                      ))}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        ))}
      </section>

      <UsageSection usage={usage} path={`/clients/${c.id}`} subject={c.name} />

      <section aria-labelledby="profiles" className="mb-6">
        <h2 id="profiles" className="mb-2 font-semibold">
          Profiles ({c.bindings.length})
        </h2>
        <Table caption={`Profiles bound to ${c.name}`}>
          <thead>
            <tr>
              <Th>Profile</Th>
              <Th>Version</Th>
              <Th>Environment</Th>
              <Th>Scopes</Th>
              <Th>Binding expires</Th>
              <Th>Reason</Th>
            </tr>
          </thead>
          <tbody>
            {c.bindings.length === 0 ? <EmptyRow colSpan={6}>This client is bound to no profile.</EmptyRow> : null}
            {c.bindings.map((b) => (
              <tr key={b.id}>
                <Td mono>
                  <Link href={`/profiles/${b.profile.id}`} className={link}>
                    {b.profile.name}
                  </Link>
                </Td>
                <Td>v{b.profile.version}</Td>
                <Td>{b.profile.environment ?? "—"}</Td>
                <Td>{b.profile.scopes}</Td>
                <Td>
                  {b.expiresAt === null ? (
                    "standing"
                  ) : b.expired ? (
                    <Badge tone="bad">expired {formatDateTime(b.expiresAt)}</Badge>
                  ) : (
                    <Badge tone="warn">temporary until {formatDateTime(b.expiresAt)}</Badge>
                  )}
                </Td>
                <Td>{b.reason || "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>

      <section aria-labelledby="rules" className="mb-6">
        <h2 id="rules" className="mb-1 font-semibold">
          Claim rules ({c.claimRules.length})
        </h2>
        <p className={`mb-2 text-sm ${muted}`}>OIDC tokens that match one of these rules act as this client.</p>
        <Table caption={`Claim rules that act as ${c.name}`}>
          <thead>
            <tr>
              <Th>Rule</Th>
              <Th>Issuer</Th>
              <Th>Conditions</Th>
              <Th>Profile</Th>
            </tr>
          </thead>
          <tbody>
            {c.claimRules.length === 0 ? <EmptyRow colSpan={4}>No claim rule acts as this client.</EmptyRow> : null}
            {c.claimRules.map((r) => (
              <tr key={r.id}>
                <Td mono>{r.name}</Td>
                <Td mono>{r.issuer}</Td>
                <Td>
                  <span className="flex flex-wrap gap-1">
                    {r.conditions.length
                      ? r.conditions.map((x) => (
                          <Badge key={x.claim}>
                            <span className="font-mono">
                              {x.claim} = {x.value}
                            </span>
                          </Badge>
                        ))
                      : "none"}
                  </span>
                </Td>
                <Td mono>
                  <Link href={`/profiles/${r.profile.id}`} className={link}>
                    {r.profile.name}
                  </Link>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>

      <section aria-labelledby="credentials">
        <h2 id="credentials" className="mb-1 font-semibold">
          Credentials ({c.credentials.length})
        </h2>
        <p className={`mb-2 text-sm ${muted}`}>Secrets are shown once when created and stored only as hashes; this lists their metadata.</p>
        <Table caption={`Credentials of ${c.name}`}>
          <thead>
            <tr>
              <Th>Prefix</Th>
              <Th>Kind</Th>
              <Th>Label</Th>
              <Th>Created</Th>
              <Th>Expires</Th>
              <Th>Status</Th>
              <Th>Last used</Th>
            </tr>
          </thead>
          <tbody>
            {c.credentials.length === 0 ? <EmptyRow colSpan={7}>This client has no credentials.</EmptyRow> : null}
            {c.credentials.map((k) => (
              <tr key={k.id}>
                <Td mono>{k.prefix}</Td>
                <Td>{k.kind === "provisioning_key" ? "provisioning key" : k.kind}</Td>
                <Td>{k.label || "—"}</Td>
                <Td>{formatDateTime(k.createdAt)}</Td>
                <Td>{k.expiresAt ? formatDateTime(k.expiresAt) : "never"}</Td>
                <Td>
                  <Badge tone={credentialTone[k.status]}>{k.status === "revoked" ? `revoked ${formatDateTime(k.revokedAt)}` : k.status}</Badge>
                </Td>
                <Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <CredentialActions
          clientId={c.id}
          clientName={c.name}
          status={c.status}
          credentials={c.credentials.map((k) => ({ id: k.id, prefix: k.prefix, kind: k.kind, status: k.status }))}
          canChange={can(actor, "change.create")}
          canEmergency={can(actor, "change.emergency")}
        />
      </section>
    </>
  );
}
