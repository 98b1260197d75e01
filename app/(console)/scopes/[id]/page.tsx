import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppliedNotice, BackLink, DetailActions } from "@/components/catalog/page-parts";
import { Badge, criticalityTone, statusTone } from "@/components/ui/badge";
import { DetailFields, type DetailField } from "@/components/ui/detail-fields";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { requireActor } from "@/lib/auth/session";
import { getScope } from "@/lib/catalog/queries/get-scope";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string }> };

export const metadata: Metadata = { title: "Scope" };

const link = "text-sky-700 hover:underline dark:text-sky-400";

export default async function ScopePage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const s = await getScope(db(), (await params).id);
  if (!s) notFound();
  const fields: DetailField[] = [
    ["Resource", <Link key="r" href={`/resources/${s.resource.id}`} className={link}>{s.resource.name}</Link>],
    ["Action", <code key="a">{s.action}</code>],
    ["Environment", s.resource.environment.name],
    ["Domain", s.resource.domain.name],
    ["Criticality", <Badge key="c" tone={criticalityTone[s.resource.criticality]}>{s.resource.criticality}</Badge>],
    ["Last changed", formatDateTime(s.updatedAt)],
  ];
  return (
    <>
      <BackLink href="/scopes">Scopes</BackLink>
      <PageHeader
        title={s.name}
        description={s.description || undefined}
        actions={<DetailActions actor={actor} entity="scope" id={s.id} label={`scope ${s.name}`} editHref={`/scopes/${s.id}/edit`} listHref="/scopes" />}
      />
      <AppliedNotice done={(await searchParams).done} />
      <DetailFields fields={fields} />
      <section aria-labelledby="held-by" className="mb-6">
        <h2 id="held-by" className="mb-2 font-semibold">
          Held by profiles
        </h2>
        <p className="text-sm">
          {s.profiles.length
            ? s.profiles.map((p, i) => (
                <span key={p.id}>
                  {i ? ", " : ""}
                  <Link href={`/profiles/${p.id}`} className={`${link} font-mono`}>
                    {p.name}
                  </Link>{" "}
                  v{p.version}
                </span>
              ))
            : "No profile holds this scope."}
        </p>
      </section>
      <section aria-labelledby="reach">
        <h2 id="reach" className="mb-2 font-semibold">
          Who holds it
        </h2>
        <Table caption={`Clients holding ${s.name}`}>
          <thead>
            <tr>
              <Th>Client</Th>
              <Th>Status</Th>
              <Th>Through profile</Th>
              <Th>Temporary until</Th>
            </tr>
          </thead>
          <tbody>
            {s.reach.length === 0 ? <EmptyRow colSpan={4}>No client holds this scope.</EmptyRow> : null}
            {s.reach.map((x) => (
              <tr key={`${x.client.id}/${x.profile.id}`}>
                <Td mono>
                  <Link href={`/clients/${x.client.id}`} className={link}>
                    {x.client.name}
                  </Link>
                </Td>
                <Td>
                  <Badge tone={statusTone[x.client.status]}>{x.client.status}</Badge>
                </Td>
                <Td mono>
                  <Link href={`/profiles/${x.profile.id}`} className={link}>
                    {x.profile.name}
                  </Link>
                </Td>
                <Td>{x.expiresAt ? formatDateTime(x.expiresAt) : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
    </>
  );
}
