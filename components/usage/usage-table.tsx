// Granted versus used (server component): each granted scope with its last
// allowed decision and the allowed/denied counts in the window, unused first,
// then the scopes denied outside the grants, and a GET form that picks the
// window (`?days=`).
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { USAGE_WINDOWS, type UsageSummary } from "@/lib/usage/usage";
import { DeniedScopes } from "./denied-table";

const link = "text-sky-700 hover:underline dark:text-sky-400";
const muted = "text-slate-600 dark:text-slate-400";
const control = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

export function UsageSection({ usage, path, subject, showProfile = true }: { usage: UsageSummary; path: string; subject: string; showProfile?: boolean }) {
  const { days, rows, denied, totals } = usage;
  const cols = showProfile ? 6 : 5;
  return (
    <section aria-labelledby="usage" className="mb-6">
      <h2 id="usage" className="mb-1 font-semibold">
        Usage (last {days} days)
      </h2>
      <div className="mb-2 flex flex-wrap items-end justify-between gap-3">
        <p className={`text-sm ${muted}`}>
          {totals.used} of {totals.granted} granted scopes used in the last {days} days. A scope is used when a decision allowed it; denied counts the
          decisions that refused it.
        </p>
        <form action={`${path}#usage`} className="flex items-end gap-2">
          <div className="flex flex-col gap-1">
            <label htmlFor="usage-days" className="text-xs font-medium text-slate-600 dark:text-slate-400">
              Usage window
            </label>
            <select id="usage-days" name="days" defaultValue={String(days)} className={control}>
              {USAGE_WINDOWS.map((d) => (
                <option key={d} value={d}>
                  {d} days
                </option>
              ))}
            </select>
          </div>
          <button className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">Show</button>
        </form>
      </div>
      <Table caption={`Granted scopes of ${subject} and their use in the last ${days} days, unused first`}>
        <thead>
          <tr>
            <Th>Scope</Th>
            {showProfile ? <Th>Profile</Th> : null}
            <Th>Last used</Th>
            <Th>Allowed</Th>
            <Th>Denied</Th>
            <Th>Status</Th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? <EmptyRow colSpan={cols}>No scopes are granted.</EmptyRow> : null}
          {rows.map((r) => (
            <tr key={`${r.profileId}|${r.scopeId}`}>
              <Td mono>{r.scopeName}</Td>
              {showProfile ? (
                <Td mono>
                  <Link href={`/profiles/${r.profileId}`} className={link}>
                    {r.profileName}
                  </Link>
                </Td>
              ) : null}
              <Td>{r.lastUsedAt ? formatDateTime(r.lastUsedAt) : "never"}</Td>
              <Td>{r.allowedCount}</Td>
              <Td>{r.deniedCount}</Td>
              <Td>{r.used ? <Badge tone="good">used</Badge> : <Badge tone="warn">unused</Badge>}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <DeniedScopes rows={denied} days={days} subject={subject} showProfile={showProfile} />
    </section>
  );
}
