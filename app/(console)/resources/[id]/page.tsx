import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, criticalityTone, statusTone } from "@/components/ui/badge";
import { AppliedNotice, DetailActions, secondaryLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { DetailFields, detailTermClass, type DetailField } from "@/components/ui/detail-fields";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { getResource } from "@/lib/catalog/queries/get-resource";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { requireActor } from "@/lib/auth/session";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireActor();
  const r = await getResource(db(), (await params).id);
  return { title: r ? `${r.environment.name}/${r.name}` : "Resource not found" };
}

const link = "text-sky-700 hover:underline dark:text-sky-400";

export default async function ResourcePage({ params, searchParams }: Props & { searchParams: Promise<{ done?: string }> }) {
  const actor = await requireActor();
  const r = await getResource(db(), (await params).id);
  if (!r) notFound();
  const labels = Object.entries(r.labels);
  const fields: DetailField[] = [
    ["Kind", r.kind],
    ["Environment", `${r.environment.displayName} (${r.environment.name})${r.environment.protection === "protected" ? ", protected" : ""}`],
    ["Domain", `${r.domain.displayName} (${r.domain.name})`],
    ["Criticality", <Badge key="c" tone={criticalityTone[r.criticality]}>{r.criticality}</Badge>],
    ["Owner", r.owner || "—"],
    ["Last changed", formatDateTime(r.updatedAt)],
  ];
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/resources" className={link}>
          ← Resources
        </Link>
      </p>
      <PageHeader
        title={r.name}
        description={r.description || undefined}
        actions={
          <DetailActions actor={actor} entity="resource" id={r.id} label={`resource ${r.name}`} editHref={`/resources/${r.id}/edit`} listHref="/resources" alsoDelete={r.scopes.map((s) => ({ entity: "scope" as const, id: s.id }))}>
            <Link href={`/scopes/new?resource=${r.id}`} className={secondaryLink}>
              Add scope
            </Link>
          </DetailActions>
        }
      />
      <AppliedNotice done={(await searchParams).done} />
      <DetailFields fields={fields}>
        <div className="sm:col-span-2 lg:col-span-3">
          <dt className={detailTermClass}>Labels</dt>
          <dd className="mt-1 flex flex-wrap gap-1.5">
            {labels.length
              ? labels.map(([k, v]) => (
                  <Badge key={k}>
                    <span className="font-mono">
                      {k}={v}
                    </span>
                  </Badge>
                ))
              : "none"}
          </dd>
        </div>
      </DetailFields>

      <section aria-labelledby="scopes" className="mb-6">
        <h2 id="scopes" className="mb-2 font-semibold">
          Scopes
        </h2>
        <Table caption={`Scopes on ${r.name}`}>
          <thead>
            <tr>
              <Th>Scope</Th>
              <Th>Description</Th>
              <Th>Held by profiles</Th>
            </tr>
          </thead>
          <tbody>
            {r.scopes.length === 0 ? <EmptyRow colSpan={3}>This resource has no scopes yet.</EmptyRow> : null}
            {r.scopes.map((s) => (
              <tr key={s.id}>
                <Td mono>
                  <Link href={`/scopes/${s.id}`} className={link}>
                    {s.name}
                  </Link>
                </Td>
                <Td>{s.description}</Td>
                <Td mono>
                  {s.profiles.length
                    ? s.profiles.map((p, i) => (
                        <span key={p.id}>
                          {i ? ", " : ""}
                          <Link href={`/profiles/${p.id}`} className={link}>
                            {p.name}
                          </Link>{" "}
                          v{p.version}
                        </span>
                      ))
                    : "—"}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>

      <section aria-labelledby="reach">
        <h2 id="reach" className="mb-1 font-semibold">
          Who can reach it
        </h2>
        <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">Clients bound to a profile that holds one of these scopes.</p>
        <Table caption={`Clients that can reach ${r.name}`}>
          <thead>
            <tr>
              <Th>Client</Th>
              <Th>Kind</Th>
              <Th>Status</Th>
              <Th>Through profile</Th>
              <Th>Actions</Th>
              <Th>Temporary until</Th>
            </tr>
          </thead>
          <tbody>
            {r.reach.length === 0 ? <EmptyRow colSpan={6}>No client is bound to a profile holding these scopes.</EmptyRow> : null}
            {r.reach.map((x) => (
              <tr key={`${x.client.id}/${x.profile.id}`}>
                <Td mono>
                  <Link href={`/clients/${x.client.id}`} className={link}>
                    {x.client.name}
                  </Link>
                </Td>
                <Td>{x.client.kind}</Td>
                <Td>
                  <Badge tone={statusTone[x.client.status]}>{x.client.status}</Badge>
                </Td>
                <Td mono>
                  <Link href={`/profiles/${x.profile.id}`} className={link}>
                    {x.profile.name}
                  </Link>
                </Td>
                <Td mono>{x.actions.join(", ")}</Td>
                <Td>{x.expiresAt ? <Badge tone="warn">{formatDateTime(x.expiresAt)}</Badge> : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
    </>
  );
}
