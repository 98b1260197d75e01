import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, criticalityTone, statusTone } from "@/components/ui/badge";
import { AppliedNotice, DetailActions } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { DetailFields, type DetailField } from "@/components/ui/detail-fields";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { getProfile, type ProfileDetail, type ScopeRef } from "@/lib/catalog/queries/get-profile";
import { db } from "@/lib/db/client";
import { formatDateTime, formatDuration } from "@/lib/format";
import { UsageSection } from "@/components/usage/usage-table";
import { usageForProfile } from "@/lib/usage/load-usage";
import { parseUsageDays } from "@/lib/usage/usage";
import { requireActor } from "@/lib/auth/session";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireActor();
  const p = await getProfile(db(), (await params).id);
  return { title: p ? p.name : "Profile not found" };
}

const link = "text-sky-700 hover:underline dark:text-sky-400";
const muted = "text-slate-600 dark:text-slate-400";

function Expiry({ at, now }: { at: Date | null; now: Date }) {
  if (!at) return <>never</>;
  return at <= now ? <Badge tone="bad">expired {formatDateTime(at)}</Badge> : <Badge tone="warn">{formatDateTime(at)}</Badge>;
}

function ScopeChips({ scopes, sign }: { scopes: ScopeRef[]; sign: "+" | "−" }) {
  if (!scopes.length) return <span className={muted}>—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {scopes.map((s) => (
        <Badge key={s.id} tone={sign === "+" ? "good" : "bad"}>
          <span className="font-mono">
            {sign} {s.name}
            {s.deleted ? " (deleted)" : ""}
          </span>
        </Badge>
      ))}
    </span>
  );
}

function LimitChanges({ v }: { v: ProfileDetail["versions"][number] }) {
  const changes: string[] = [];
  if (v.lifetime) changes.push(`lifetime ${formatDuration(v.lifetime.from)} → ${formatDuration(v.lifetime.to)}`);
  if (v.expiry) changes.push(`expiry ${v.expiry.from ? formatDateTime(v.expiry.from) : "never"} → ${v.expiry.to ? formatDateTime(v.expiry.to) : "never"}`);
  if (!changes.length) return <span className={muted}>{v.version === 1 ? `lifetime ${formatDuration(v.maxTokenLifetimeSeconds)}` : "—"}</span>;
  return <>{changes.join("; ")}</>;
}

export default async function ProfilePage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const [p, usage] = await Promise.all([getProfile(db(), id), usageForProfile(db(), id, { days: parseUsageDays(sp.days) })]);
  if (!p) notFound();
  const now = new Date();
  const fields: DetailField[] = [
    ["Environment", p.environment ? `${p.environment.displayName} (${p.environment.name})${p.environment.protection === "protected" ? ", protected" : ""}` : "any (not tied to one)"],
    ["Domain", p.domain ? `${p.domain.displayName} (${p.domain.name})` : "—"],
    ["Owner", p.owner || "—"],
    ["Max token lifetime", formatDuration(p.maxTokenLifetimeSeconds)],
    ["Expires", <Expiry key="e" at={p.expiresAt} now={now} />],
    ["Current version", `v${p.version}`],
    ["Last changed", formatDateTime(p.updatedAt)],
  ];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/profiles" className={link}>
          ← Profiles
        </Link>
      </p>
      <PageHeader
        title={p.name}
        description={p.description || undefined}
        actions={
          <>
            <Link href={`/audit?profile=${encodeURIComponent(p.name)}`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
              Audit trail
            </Link>
            <Link href={`/profiles/${p.id}/edit`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
              Edit scopes and limits
            </Link>
            <DetailActions actor={actor} entity="profile" id={p.id} label={`profile ${p.name}`} listHref="/profiles" />
          </>
        }
      />
      <AppliedNotice done={typeof sp.done === "string" ? sp.done : undefined} />
      <DetailFields fields={fields} columns={4} />

      <section aria-labelledby="scopes" className="mb-6">
        <h2 id="scopes" className="mb-2 font-semibold">
          Scopes ({p.scopes.length})
        </h2>
        <Table caption={`Scopes in ${p.name}`}>
          <thead>
            <tr>
              <Th>Scope</Th>
              <Th>Resource environment</Th>
              <Th>Criticality</Th>
            </tr>
          </thead>
          <tbody>
            {p.scopes.length === 0 ? <EmptyRow colSpan={3}>This profile holds no scopes.</EmptyRow> : null}
            {p.scopes.map((s) => (
              <tr key={s.id}>
                <Td mono>
                  <Link href={`/resources/${s.resource.id}`} className={link}>
                    {s.name}
                  </Link>
                </Td>
                <Td>{s.environment}</Td>
                <Td>
                  <Badge tone={criticalityTone[s.criticality]}>{s.criticality}</Badge>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>

      <UsageSection usage={usage} path={`/profiles/${p.id}`} subject={p.name} showProfile={false} />

      <section aria-labelledby="versions" className="mb-6">
        <h2 id="versions" className="mb-1 font-semibold">
          Version history
        </h2>
        <p className={`mb-2 text-sm ${muted}`}>Every applied change to the scopes or limits makes a new version; tokens name the version they were issued under.</p>
        <Table caption={`Versions of ${p.name}, newest first`}>
          <thead>
            <tr>
              <Th>Version</Th>
              <Th>Date</Th>
              <Th>Scopes</Th>
              <Th>Added</Th>
              <Th>Removed</Th>
              <Th>Limits</Th>
              <Th>Change</Th>
            </tr>
          </thead>
          <tbody>
            {p.versions.length === 0 ? <EmptyRow colSpan={7}>No versions recorded.</EmptyRow> : null}
            {p.versions.map((v) => (
              <tr key={v.version}>
                <Td>
                  v{v.version}
                  {v.version === p.version ? (
                    <>
                      {" "}
                      <Badge tone="info">current</Badge>
                    </>
                  ) : null}
                </Td>
                <Td>{formatDateTime(v.createdAt)}</Td>
                <Td>{v.scopeCount}</Td>
                <Td>
                  <ScopeChips scopes={v.added} sign="+" />
                </Td>
                <Td>
                  <ScopeChips scopes={v.removed} sign="−" />
                </Td>
                <Td>
                  <LimitChanges v={v} />
                </Td>
                <Td>
                  {v.changeNumber !== null ? (
                    <Link href={`/changes/${v.changeNumber}`} className={link}>
                      CR-{v.changeNumber}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>

      <section aria-labelledby="clients" className="mb-6">
        <h2 id="clients" className="mb-2 font-semibold">
          Bound clients ({p.bindings.length})
        </h2>
        <Table caption={`Clients bound to ${p.name}`}>
          <thead>
            <tr>
              <Th>Client</Th>
              <Th>Kind</Th>
              <Th>Status</Th>
              <Th>Binding expires</Th>
              <Th>Reason</Th>
            </tr>
          </thead>
          <tbody>
            {p.bindings.length === 0 ? <EmptyRow colSpan={5}>No client is bound to this profile.</EmptyRow> : null}
            {p.bindings.map((b) => (
              <tr key={b.id}>
                <Td mono>
                  <Link href={`/clients/${b.client.id}`} className={link}>
                    {b.client.name}
                  </Link>
                </Td>
                <Td>{b.client.kind}</Td>
                <Td>
                  <Badge tone={statusTone[b.client.status]}>{b.client.status}</Badge>
                </Td>
                <Td>{b.expiresAt ? <Expiry at={b.expiresAt} now={now} /> : "standing"}</Td>
                <Td>{b.reason || "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>

      <section aria-labelledby="rules">
        <h2 id="rules" className="mb-1 font-semibold">
          Claim rules ({p.claimRules.length})
        </h2>
        <p className={`mb-2 text-sm ${muted}`}>OIDC tokens that match one of these rules get this profile.</p>
        <Table caption={`Claim rules that grant ${p.name}`}>
          <thead>
            <tr>
              <Th>Rule</Th>
              <Th>Issuer</Th>
              <Th>Acts as client</Th>
            </tr>
          </thead>
          <tbody>
            {p.claimRules.length === 0 ? <EmptyRow colSpan={3}>No claim rule points at this profile.</EmptyRow> : null}
            {p.claimRules.map((r) => (
              <tr key={r.id}>
                <Td mono>
                  <Link href={`/claim-rules?q=${encodeURIComponent(r.name)}`} className={link}>
                    {r.name}
                  </Link>
                </Td>
                <Td mono>{r.issuer}</Td>
                <Td mono>
                  {r.client ? (
                    <Link href={`/clients/${r.client.id}`} className={link}>
                      {r.client.name}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
    </>
  );
}
