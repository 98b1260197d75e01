import { FilterActions, SelectFilter, TextFilter } from "@/components/forms/filter-fields";
import { auditTargetTypes } from "@/lib/audit/queries/list-events";

const names = ["q", "actor", "action", "type", "client", "profile", "cr", "from", "to"] as const;

export function AuditFilters({ params }: { params: Record<string, string | undefined> }) {
  return (
    <form action="/audit" role="search" className="mb-3 flex flex-wrap items-end gap-3">
      <TextFilter name="q" label="Search target names" type="search" value={params.q} placeholder="Target name contains…" width="w-60" />
      <TextFilter name="actor" label="Actor" value={params.actor} placeholder="email, api-token:…" width="w-44" />
      <TextFilter name="action" label="Action" value={params.action} placeholder="resource. or scope.created" width="w-48" />
      <SelectFilter name="type" label="Target type" value={params.type} options={auditTargetTypes} />
      <TextFilter name="client" label="Client" value={params.client} placeholder="name or id" width="w-40" />
      <TextFilter name="profile" label="Profile" value={params.profile} placeholder="name or id" width="w-40" />
      <TextFilter name="cr" label="Change request" type="number" value={params.cr} placeholder="123" width="w-28" />
      <TextFilter name="from" label="From" type="date" value={params.from} width="w-40" />
      <TextFilter name="to" label="To" type="date" value={params.to} width="w-40" />
      {params.verify ? <input type="hidden" name="verify" value={params.verify} /> : null}
      <FilterActions path="/audit" filtered={names.some((n) => params[n])} />
    </form>
  );
}
