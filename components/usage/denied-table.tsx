// Denied requests outside the grants (server component): scopes the subject
// was refused and does not hold — or holds through no profile the decision
// could be tied to — most denied first. Answers "what did it try and not get?".
import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { DeniedScopeRow } from "@/lib/usage/usage";

const link = "text-sky-700 hover:underline dark:text-sky-400";
const muted = "text-slate-600 dark:text-slate-400";

export function DeniedScopes({ rows, days, subject, showProfile }: { rows: DeniedScopeRow[]; days: number; subject: string; showProfile: boolean }) {
  if (rows.length === 0) return null;
  return (
    <div className="mt-4">
      <h3 id="usage-denied" className="mb-1 text-sm font-semibold">
        Denied, not granted
      </h3>
      <p className={`mb-2 text-sm ${muted}`}>Decisions that refused {subject} a scope it does not hold{showProfile ? " (profile: the one the decision was evaluated against, when only one could apply)" : ""}.</p>
      <Table caption={`Scopes denied to ${subject} outside its grants in the last ${days} days, most denied first`}>
        <thead>
          <tr>
            <Th>Scope</Th>
            {showProfile ? <Th>Profile</Th> : null}
            <Th>Last denied</Th>
            <Th sort="descending">Denied</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.profileId ?? ""}|${r.scopeId}`}>
              <Td mono>{r.scopeName}</Td>
              {showProfile ? (
                <Td mono>
                  {r.profileId ? (
                    <Link href={`/profiles/${r.profileId}`} className={link}>
                      {r.profileName}
                    </Link>
                  ) : (
                    <span className={muted}>not determined</span>
                  )}
                </Td>
              ) : null}
              <Td>{formatDateTime(r.lastDeniedAt)}</Td>
              <Td>{r.deniedCount}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
