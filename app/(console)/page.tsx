import Link from "next/link";
import { Badge, statusTone } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { catalogOverview } from "@/lib/catalog/queries/overview";
import { db } from "@/lib/db/client";
import { requireActor } from "@/lib/auth/session";

const stat = "rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

export default async function OverviewPage() {
  await requireActor();
  const o = await catalogOverview(db());
  const counts: [string, number, string][] = [
    ["Resources", o.counts.resources, "/resources"],
    ["Scopes", o.counts.scopes, "/scopes"],
    ["Profiles", o.counts.profiles, "/profiles"],
    ["Clients", o.counts.clients, "/clients"],
    ["Bindings", o.counts.bindings, "/clients"],
    ["Temporary grants", o.counts.temporary, "/clients"],
  ];
  return (
    <>
      <PageHeader title="Overview" description={`Catalog version ${o.catalogVersion}. Every change is a change request, applied with its audit events.`} />
      <section aria-label="Catalog counts" className="mb-8 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        {counts.map(([label, n, href]) => (
          <Link key={label} href={href} className={`${stat} hover:border-sky-400`}>
            <p className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">{label}</p>
            <p className="mt-1 text-2xl font-semibold tabular-nums">{n.toLocaleString("en")}</p>
          </Link>
        ))}
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <section className={stat} aria-labelledby="recent-changes">
          <h2 id="recent-changes" className="mb-3 font-semibold">
            Recent changes
          </h2>
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {o.changes.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-3 py-2">
                <Link href={`/changes/${c.number}`} className="min-w-0 truncate hover:underline">
                  <span className="font-mono text-slate-600 dark:text-slate-400">CR-{c.number}</span> {c.title}
                </Link>
                <span className="flex shrink-0 items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
                  {c.author}
                  <Badge tone={statusTone[c.status]}>{c.status}</Badge>
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section className={stat} aria-labelledby="recent-audit">
          <h2 id="recent-audit" className="mb-3 font-semibold">
            Latest audit events
          </h2>
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {o.events.map((e) => (
              <li key={e.seq} className="flex items-center justify-between gap-3 py-2">
                <span className="min-w-0 truncate">
                  <span className="font-mono text-slate-600 dark:text-slate-400">#{e.seq}</span> {e.action} <span className="font-mono">{e.targetName}</span>
                </span>
                <span className="shrink-0 text-xs text-slate-600 dark:text-slate-400">{e.actorLabel}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
