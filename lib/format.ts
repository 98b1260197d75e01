// Display formats shared by console pages (and by list rows meant for display).

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** A fixed, locale-free date-time in UTC: "23 Nov 2026, 09:15 UTC"; "—" for a missing or invalid date. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return "—";
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/** 3600 -> "1 h", 900 -> "15 min", 5400 -> "1 h 30 min", 45 -> "45 s". */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return "0 s";
  const parts: string[] = [];
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s) parts.push(`${s} s`);
  return parts.join(" ");
}

/** 1 -> "1 token", 3 -> "3 tokens"; the plural given where adding "s" is wrong ("1 key", "2 keys" need none). */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
