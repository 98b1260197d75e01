import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DrillLive, type DrillJson } from "@/components/drills/drill-live";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getDrill } from "@/lib/drills/queries";
import { AppError } from "@/lib/errors";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireActor();
  return { title: `Drill D-${(await params).id}` };
}

export default async function DrillPage({ params }: Props) {
  const actor = await requireActor();
  const { id } = await params;
  const drill = await getDrill(db(), id).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  // the API's shape (dates as strings), so the live view polls the same document
  const initial = JSON.parse(JSON.stringify(drill)) as DrillJson;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/drills" className="text-sky-700 hover:underline dark:text-sky-400">
          ← Drills
        </Link>
      </p>
      <PageHeader
        title={`Drill D-${drill.number}: ${drill.clientName}`}
        description={`Declared compromised in drill mode by ${drill.createdBy}${drill.reason ? ` — ${drill.reason}` : ""}.`}
        actions={
          <Link href={`/clients/${drill.clientId}`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            Client
          </Link>
        }
      />
      <DrillLive initial={initial} canAct={can(actor, "change.emergency")} />
    </>
  );
}
