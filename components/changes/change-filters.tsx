import { FilterActions, SelectFilter, TextFilter } from "@/components/forms/filter-fields";
import { changeStatuses } from "@/lib/changes/statuses";

export function ChangeFilters({ params }: { params: Record<string, string | undefined> }) {
  return (
    <form action="/changes" role="search" className="mb-3 flex flex-wrap items-end gap-3">
      {params.view ? <input type="hidden" name="view" value={params.view} /> : null}
      <TextFilter name="q" label="Search titles" type="search" value={params.q} placeholder="Title contains…" width="w-72" />
      <SelectFilter name="status" label="Status" value={params.status} options={changeStatuses} />
      <TextFilter name="author" label="Author" value={params.author} placeholder="email or system" />
      <FilterActions path={params.view ? `/changes?view=${encodeURIComponent(params.view)}` : "/changes"} filtered={!!(params.q || params.status || params.author)} />
    </form>
  );
}
