// Policy findings as a list: used by the findings page and by forms showing a
// draft's findings. No hooks and no server imports, so it renders on either side.
import Link from "next/link";
import { Badge, criticalityTone } from "@/components/ui/badge";
import { checkInfo, type CheckId } from "@/lib/policy/checks";
import type { Finding } from "@/lib/policy/findings";

/** Where a finding's object is shown; scopes are shown on their resource's page. */
export function findingHref(f: Finding): string {
  const { entity, id, resourceId } = f.target;
  switch (entity) {
    case "scope":
      return resourceId ? `/resources/${resourceId}` : "/scopes";
    case "resource":
      return `/resources/${id}`;
    case "profile":
      return `/profiles/${id}`;
    case "client":
      return `/clients/${id}`;
    case "claimRule":
      return "/claim-rules";
    case "binding":
      return "/bindings";
    case "assertion":
      return "/assertions";
    default:
      return "/";
  }
}

const entityLabel: Partial<Record<Finding["target"]["entity"], string>> = { claimRule: "claim rule" };

export function FindingsList({ findings, empty = "No findings." }: { findings: Finding[]; empty?: string }) {
  if (!findings.length) return <p className="text-sm text-slate-600 dark:text-slate-400">{empty}</p>;
  return (
    <ul aria-label="Policy findings" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {findings.map((f) => (
        <li key={`${f.checkId}:${f.target.entity}:${f.target.id}`} className="flex flex-col gap-1 px-3 py-2 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={criticalityTone[f.severity]}>{f.severity}</Badge>
            <code className="font-mono text-[13px]" title={checkInfo[f.checkId as CheckId]?.title}>
              {f.checkId}
            </code>
            {f.blocking ? <Badge tone="bad">blocking</Badge> : null}
            {f.environment ? <span className="text-xs text-slate-600 dark:text-slate-400">in {f.environment}</span> : null}
          </div>
          <p>
            {f.message}{" "}
            <Link href={findingHref(f)} className="font-mono text-[13px] text-sky-700 hover:underline dark:text-sky-400">
              {entityLabel[f.target.entity] ?? f.target.entity} {f.target.name}
            </Link>
          </p>
        </li>
      ))}
    </ul>
  );
}
