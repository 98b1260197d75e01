"use client";
// The filter form's "Sort by" select. It follows the URL, so a sort chosen in
// the table (a header click changes the URL in place) is what the form submits.
import { useSearchParams } from "next/navigation";
import { sortChoices, type SortOption } from "@/lib/query/table-params";

export function SortSelect({ id, options, className }: { id: string; options: SortOption[]; className?: string }) {
  const current = useSearchParams().get("sort") || options[0]?.value;
  return (
    // keyed by the sort, so a new URL resets the uncontrolled select
    <select key={current} id={id} name="sort" defaultValue={current} className={className}>
      {sortChoices(options, current).map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
