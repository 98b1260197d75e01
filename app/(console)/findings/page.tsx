import type { Metadata } from "next";
import Link from "next/link";
import { FindingsList } from "@/components/policy/findings-list";
import { FilterBar, refOptions, valueOptions } from "@/components/ui/filter-bar";
import { PageHeader } from "@/components/ui/page-header";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { db } from "@/lib/db/client";
import { listFindings } from "@/lib/policy/all-findings";
import { checks, severities } from "@/lib/policy/checks";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Findings" };

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function FindingsPage({ searchParams }: { searchParams: SP }) {
  await requireActor();
  const params = searchParamsObject(await searchParams);
  const { check, severity, environment, q, limit } = params;
  const [list, refs] = await Promise.all([listFindings(db(), { checkId: check, severity, environment, q, limit }), catalogRefs(db())]);
  const more = list.total > list.items.length && list.items.length < 500;
  return (
    <>
      <PageHeader title="Findings" description="Least-privilege checks over the whole catalog. A blocking finding stops changes to that object in its environment." />
      <FilterBar
        path="/findings"
        params={params}
        searchLabel="Search findings"
        placeholder="Object name, e.g. orders-db or deploy"
        selects={[
          { name: "check", label: "Check", options: checks.map((c) => ({ value: c.id, label: c.title })) },
          { name: "severity", label: "Severity", options: valueOptions(severities) },
          { name: "environment", label: "Environment", options: refOptions(refs.environments) },
        ]}
      />
      <FindingsList findings={list.items} empty="No findings match." />
      <div className="mt-3 flex items-center justify-between text-sm text-slate-600 dark:text-slate-400">
        <span>
          Showing {list.items.length} of {list.total.toLocaleString("en")} findings
        </span>
        {more ? (
          <Link className="text-sky-700 underline dark:text-sky-400" href={`?${new URLSearchParams(Object.entries({ ...params, limit: "500" }).filter((e): e is [string, string] => !!e[1]))}`}>
            Show up to 500
          </Link>
        ) : null}
      </div>
    </>
  );
}
