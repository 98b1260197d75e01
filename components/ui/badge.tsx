const tones = {
  neutral: "bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  info: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  good: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  warn: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  bad: "bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-300",
} as const;

export type Tone = keyof typeof tones;

export function Badge({ tone = "neutral", children }: { tone?: Tone; children: React.ReactNode }) {
  return <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}

export const criticalityTone: Record<string, Tone> = { low: "neutral", medium: "info", high: "warn", critical: "bad" };
export const statusTone: Record<string, Tone> = {
  active: "good",
  suspended: "warn",
  disabled: "neutral",
  applied: "good",
  open: "info",
  approved: "info",
  rejected: "bad",
  stale: "warn",
  expired: "neutral",
  reverted: "neutral",
  cancelled: "neutral",
  draft: "neutral",
};
