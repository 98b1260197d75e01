import type { Metadata } from "next";
import Link from "next/link";
import { StartDrillForm } from "@/components/drills/start-drill-form";
import { Badge, type Tone } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listDrills } from "@/lib/drills/queries";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Drills" };

const tone: Record<string, Tone> = { scheduled: "info", running: "warn", contained: "info", completed: "good", cancelled: "neutral" };
const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`);

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function DrillsPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const client = (await searchParams).client;
  const drills = await listDrills(db());
  return (
    <>
      <PageHeader
        title="Breach drills"
        description="Declare a client compromised in drill mode: a canary token is minted, the clock starts, and the responder contains it with the real incident actions. Each report measures time to containment on every instance."
      />
      {can(actor, "change.emergency") ? (
        <div className="mb-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <StartDrillForm client={typeof client === "string" ? client : ""} />
        </div>
      ) : null}
      <Table caption="Breach drills">
        <thead>
          <tr>
            <Th>Drill</Th>
            <Th>Client</Th>
            <Th>Status</Th>
            <Th>Started</Th>
            <Th>First action</Th>
            <Th>Contained</Th>
            <Th>Findings</Th>
          </tr>
        </thead>
        <tbody>
          {drills.length === 0 ? <EmptyRow colSpan={7}>No drills yet.</EmptyRow> : null}
          {drills.map((d) => (
            <tr key={d.id}>
              <Td>
                <Link href={`/drills/${d.number}`} className="text-sky-700 hover:underline dark:text-sky-400">
                  D-{d.number}
                </Link>
              </Td>
              <Td mono>{d.clientName}</Td>
              <Td>
                <Badge tone={tone[d.status] ?? "neutral"}>{d.status}</Badge>
              </Td>
              <Td>{d.startedAt ? formatDateTime(d.startedAt) : d.scheduledFor ? `scheduled ${formatDateTime(d.scheduledFor)}` : "—"}</Td>
              <Td>{seconds(d.figures?.timeToFirstActionMs)}</Td>
              <Td>{seconds(d.figures?.timeToContainmentMs)}</Td>
              <Td>{d.findings.length ? <Badge tone="bad">{d.findings.length}</Badge> : d.figures ? "none" : "—"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
