import Link from "next/link";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";

export type EventTableRow = {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  targetType: string;
  targetName: string;
  changeRequest?: number | null;
};

/** Audit events as a table; the change request column is optional (a change's own page omits it). */
export function EventTable({ events, caption, showChange = true }: { events: EventTableRow[]; caption: string; showChange?: boolean }) {
  const cols = showChange ? 6 : 5;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Seq</Th>
          <Th>Time</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          {showChange ? <Th>Change</Th> : null}
        </tr>
      </thead>
      <tbody>
        {events.length === 0 ? <EmptyRow colSpan={cols}>No audit events match.</EmptyRow> : null}
        {events.map((e) => (
          <tr key={e.seq}>
            <Td mono>#{e.seq}</Td>
            <Td>{formatDateTime(e.at)}</Td>
            <Td>{e.actor}</Td>
            <Td mono>{e.action}</Td>
            <Td>
              <span className="text-slate-600 dark:text-slate-400">{e.targetType}</span> <span className="font-mono text-[13px]">{e.targetName}</span>
            </Td>
            {showChange ? (
              <Td mono>
                {e.changeRequest ? (
                  <Link href={`/changes/${e.changeRequest}`} className="text-sky-700 hover:underline dark:text-sky-400">
                    CR-{e.changeRequest}
                  </Link>
                ) : null}
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
