import Link from "next/link";
import type { VerifyResult } from "@/lib/audit/verify";

const box = "mb-4 rounded-md border px-3 py-2 text-sm";

/** The result of walking the hash chain, or a link that asks for the walk (it reads every event). */
export function ChainStatus({ result, verifyHref }: { result: VerifyResult | null; verifyHref: string }) {
  if (!result) {
    return (
      <p className={`${box} border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900`}>
        The audit log is hash-chained.{" "}
        <Link href={verifyHref} className="text-sky-700 underline dark:text-sky-400">
          Verify chain
        </Link>
      </p>
    );
  }
  if (result.ok) {
    return (
      <p role="status" className={`${box} border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-300`}>
        Chain verified: {result.events.toLocaleString("en")} events, head <span className="font-mono">{result.head.slice(0, 12)}</span>
      </p>
    );
  }
  return (
    <p role="alert" className={`${box} border-rose-300 bg-rose-50 text-rose-800 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-300`}>
      Chain broken at event #{result.brokenAt}: {result.reason}
    </p>
  );
}
