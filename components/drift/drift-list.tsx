import Link from "next/link";
import { Badge, criticalityTone } from "@/components/ui/badge";
import type { DriftItem } from "@/lib/drift/load";
import { driftInfo } from "@/lib/drift/types";
import { FixButton } from "./fix-button";

/** Where a finding's object is shown. */
export function driftTargetHref(f: DriftItem): string {
  const { entity, id, name } = f.target;
  switch (entity) {
    case "profile":
      return `/profiles/${id}`;
    case "client":
      return `/clients/${id}`;
    case "claimRule":
      return `/claim-rules?q=${encodeURIComponent(name)}`;
    case "credential":
      return `/credentials?q=${encodeURIComponent(name.split("/").at(-1) ?? name)}`;
    case "binding":
      return `/bindings?q=${encodeURIComponent(name.split(" → ")[0] ?? name)}`;
    default:
      return "/";
  }
}

const entityLabel: Partial<Record<DriftItem["target"]["entity"], string>> = { claimRule: "claim rule" };
const link = "text-sky-700 hover:underline dark:text-sky-400";

export function DriftList({ items, canFix }: { items: DriftItem[]; canFix: boolean }) {
  if (!items.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No drift found.</p>;
  return (
    <ul aria-label="Drift findings" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {items.map((f) => (
        <li key={f.key} className="flex flex-wrap items-start justify-between gap-3 px-3 py-2 text-sm">
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={criticalityTone[f.severity]}>{f.severity}</Badge>
              <span className="font-medium">{driftInfo[f.kind].title}</span>
              {f.environment ? <span className="text-xs text-slate-600 dark:text-slate-400">in {f.environment}</span> : null}
            </div>
            <p>
              {f.message}{" "}
              <Link href={driftTargetHref(f)} className={`font-mono text-[13px] ${link}`}>
                {entityLabel[f.target.entity] ?? f.target.entity} {f.target.name}
              </Link>
            </p>
          </div>
          <div className="shrink-0">
            {f.pending ? (
              <span className="text-sm">
                Fix proposed in{" "}
                <Link href={`/changes/${f.pending.number}`} className={`font-medium ${link}`}>
                  CR-{f.pending.number}
                </Link>{" "}
                ({f.pending.status})
              </span>
            ) : f.fix?.kind === "change" && canFix ? (
              <FixButton findingKey={f.key} label={f.fix.label} target={f.target.name} />
            ) : f.fix?.kind === "link" ? (
              <Link href={f.fix.href} className={`text-sm ${link}`}>
                {f.fix.label}
              </Link>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
