import type { Metadata } from "next";
import Link from "next/link";
import { DriftList } from "@/components/drift/drift-list";
import { RevocationRuns, type RunRow } from "@/components/drift/revocation-runs";
import { FilterError } from "@/components/forms/filter-fields";
import { FilterBar } from "@/components/ui/filter-bar";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { db } from "@/lib/db/client";
import { listDrift } from "@/lib/drift/load";
import { driftKinds } from "@/lib/drift/types";
import { listRevocationRuns } from "@/lib/revocation/run";
import { catchValidation } from "@/lib/validation-result";

export const metadata: Metadata = { title: "Drift" };

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function DriftPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const result = await catchValidation(listDrift(db(), params));
  const canFix = can(actor, "change.create");
  const runs = JSON.parse(JSON.stringify(await listRevocationRuns(db()))) as RunRow[];
  return (
    <>
      <PageHeader
        title="Drift"
        description="What the catalog still holds that time or use says it should not. Each fix opens the narrowing change request, reviewed like any other."
      />
      <FilterBar
        path="/drift"
        params={params}
        searchLabel="Search drift"
        placeholder="Object name, e.g. svc-orders or deploy"
        selects={[{ name: "kind", label: "Kind", options: driftKinds.map((k) => ({ value: k.id, label: k.title })) }]}
        keep={["days"]}
      />
      {result.ok ? null : <FilterError message={result.message} />}
      {result.ok ? (
        <>
          <nav aria-label="Drift by kind" className="mb-3 flex flex-wrap gap-2 text-xs">
            {driftKinds.map((k) => (
              <Link
                key={k.id}
                href={`/drift?${new URLSearchParams({ ...(params.days ? { days: params.days } : {}), kind: k.id })}`}
                aria-current={params.kind === k.id ? "page" : undefined}
                className="rounded-full border border-slate-300 px-2.5 py-0.5 hover:bg-slate-100 aria-[current=page]:bg-slate-200 dark:border-slate-700 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-slate-800"
              >
                {k.title}: {result.value.counts[k.id]}
              </Link>
            ))}
          </nav>
          {result.value.notes.map((n) => (
            <p key={n} className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-300">
              {n}
            </p>
          ))}
          <DriftList items={result.value.items} canFix={canFix} />
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
            {result.value.items.length} findings. Rotation policy: {result.value.policy.credentialRotationDays} days; unused window: {result.value.policy.unusedDays} days.
          </p>
        </>
      ) : null}
      <section aria-labelledby="revocation" className="mt-8">
        <h2 id="revocation" className="mb-1 text-lg font-semibold">
          Automated revocation
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          The revocation policies (configured in <Link href="/settings#revocation-policies" className="text-sky-700 underline dark:text-sky-400">Settings</Link>) run on their schedule and on demand; each run opens change requests through the write path.
        </p>
        <RevocationRuns runs={runs} canRun={canFix} />
      </section>
    </>
  );
}
