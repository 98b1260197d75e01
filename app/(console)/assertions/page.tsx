import type { Metadata } from "next";
import { Badge, criticalityTone } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { assertionStatus } from "@/lib/ascode/assertion-status";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Assertions" };

/** The catalog's access assertions and whether the live catalog satisfies each, with the violating paths. */
export default async function AssertionsPage() {
  await requireActor();
  const { catalogVersion, results } = await assertionStatus(db());
  return (
    <>
      <PageHeader
        title="Assertions"
        description="Access rules the catalog must satisfy, kept as code (perimeter apply). Every change request is checked against them: a change that breaks one is flagged, or refused when it is critical."
      />
      <Table caption={`Assertions at catalog version ${catalogVersion}`}>
        <thead>
          <tr>
            <Th>Result</Th>
            <Th>Assertion</Th>
            <Th>Severity</Th>
            <Th>Detail</Th>
          </tr>
        </thead>
        <tbody>
          {results.length === 0 ? (
            <EmptyRow colSpan={4}>No assertions yet: add an assertions section to the catalog files and run perimeter apply.</EmptyRow>
          ) : (
            results.map((r) => (
              <tr key={r.name}>
                <Td>{r.pass ? <Badge tone="good">pass</Badge> : <Badge tone="bad">fail</Badge>}</Td>
                <Td mono>
                  {r.name} <span className="text-xs text-slate-600 dark:text-slate-400">({r.rule})</span>
                </Td>
                <Td>
                  <Badge tone={criticalityTone[r.severity]}>{r.severity}</Badge>
                </Td>
                <Td>
                  <p>{r.message}</p>
                  {!r.pass && r.paths.length ? (
                    <ul aria-label={`Violating paths of ${r.name}`} className="mt-1 list-disc pl-5 font-mono text-[12px] text-slate-600 dark:text-slate-400">
                      {r.paths.slice(0, 10).map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                      {r.pathCount > 10 ? <li>and {r.pathCount - 10} more</li> : null}
                    </ul>
                  ) : null}
                </Td>
              </tr>
            ))
          )}
        </tbody>
      </Table>
    </>
  );
}
