import Link from "next/link";
import { Badge, criticalityTone } from "@/components/ui/badge";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import type { ReachEntry } from "@/lib/access/reach";
import { reachSummary } from "@/lib/changes/approval-progress";
import type { ChangeReach } from "@/lib/changes/queries/get-change";

const rowTone = {
  gained: "bg-emerald-50/70 text-emerald-950 dark:bg-emerald-950/40 dark:text-emerald-100",
  lost: "bg-rose-50/70 text-rose-950 dark:bg-rose-950/40 dark:text-rose-100",
};

function EntryTable({ entries, total, kind, caption }: { entries: ReachEntry[]; total: number; kind: "gained" | "lost"; caption: string }) {
  return (
    <div>
      <h3 className={`mb-2 text-sm font-medium ${kind === "gained" ? "text-emerald-800 dark:text-emerald-300" : "text-rose-800 dark:text-rose-300"}`}>
        {kind === "gained" ? "Gained" : "Lost"} ({total})
      </h3>
      <Table caption={caption}>
        <thead>
          <tr>
            <Th>Client</Th>
            <Th>Resource</Th>
            <Th>Action</Th>
            <Th>Environment</Th>
            <Th>Criticality</Th>
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 ? <EmptyRow colSpan={5}>{kind === "gained" ? "No client gains access." : "No client loses access."}</EmptyRow> : null}
          {entries.map((e) => (
            <tr key={`${e.clientId}|${e.resourceId}|${e.action}`} className={rowTone[kind]}>
              <Td mono>
                <Link href={`/clients/${e.clientId}`} className="hover:underline">
                  {e.client}
                </Link>{" "}
                <span className="font-sans text-xs opacity-70">{e.clientKind}</span>
              </Td>
              <Td mono>
                <Link href={`/resources/${e.resourceId}`} className="hover:underline">
                  {e.resource}
                </Link>
              </Td>
              <Td mono>
                {kind === "gained" ? "+" : "−"} {e.action}
              </Td>
              <Td>
                {e.environment}
                {e.protected ? (
                  <>
                    {" "}
                    <Badge tone="warn">protected</Badge>
                  </>
                ) : null}
              </Td>
              <Td>
                <Badge tone={criticalityTone[e.criticality]}>{e.criticality}</Badge>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {total > entries.length ? (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          Showing the first {entries.length} of {total}.
        </p>
      ) : null}
    </div>
  );
}

/** Who gains and who loses which actions on which resources, as computed when the request was opened. */
export function ReachDelta({ reach, number }: { reach: ChangeReach | null; number: number }) {
  return (
    <section aria-labelledby="reach-delta" className="mb-8">
      <h2 id="reach-delta" className="mb-1 font-semibold">
        Reach delta
      </h2>
      {reach ? (
        <>
          <p className="mb-3 text-sm text-slate-700 dark:text-slate-300">
            {reachSummary(reach)}
            {reach.touchesProtected ? ". Touches a protected environment" : ""}
            {reach.touchesCritical ? "; touches a critical resource" : ""}.
          </p>
          {reach.totalGained || reach.totalLost ? (
            <div className="grid gap-6">
              <EntryTable entries={reach.gained} total={reach.totalGained} kind="gained" caption={`Access gained through CR-${number}`} />
              <EntryTable entries={reach.lost} total={reach.totalLost} kind="lost" caption={`Access lost through CR-${number}`} />
            </div>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">This request was applied directly, without a stored reach delta.</p>
      )}
    </section>
  );
}
