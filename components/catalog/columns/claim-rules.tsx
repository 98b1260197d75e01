"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { ClaimRuleRow } from "@/lib/catalog/queries/list-claim-rules";
import type { Wire } from "@/lib/query/table-params";
import { CatalogTable, type CatalogColumns, type CatalogTableData } from "../catalog-table";
import { linkClass } from "./shared";

type Row = Wire<ClaimRuleRow>;
const col = createColumnHelper<Row>();

export const claimRuleColumns: CatalogColumns<Row> = [
  col.accessor("name", {
    header: "Name",
    enableSorting: true,
    meta: { mono: true },
    cell: ({ row, getValue }) => (
      <Link href={`/claim-rules/${row.original.id}`} className={linkClass}>
        {getValue()}
      </Link>
    ),
  }),
  col.accessor("issuer", { header: "Issuer", enableSorting: true, meta: { mono: true } }),
  col.accessor("conditions", {
    header: "Conditions",
    cell: ({ row: { original } }) =>
      original.conditions.length ? (
        <span className="flex flex-wrap gap-1">
          {original.conditions.map((c) => (
            <Badge key={c.claim}>
              <span className="font-mono">
                {c.claim} = {c.value}
              </span>
            </Badge>
          ))}
        </span>
      ) : (
        <Badge tone="bad">no conditions</Badge>
      ),
  }),
  col.accessor((r) => r.profile.name, {
    id: "profile",
    header: "Profile",
    meta: { mono: true },
    cell: ({ row: { original: r } }) => (
      <Link href={`/profiles/${r.profile.id}`} className={linkClass}>
        {r.profile.name}
      </Link>
    ),
  }),
  col.accessor((r) => r.client?.name ?? "", {
    id: "client",
    header: "Acts as client",
    meta: { mono: true },
    cell: ({ row: { original: r } }) =>
      r.client ? (
        <Link href={`/clients/${r.client.id}`} className={linkClass}>
          {r.client.name}
        </Link>
      ) : (
        "—"
      ),
  }),
];

export function ClaimRulesTable(props: CatalogTableData<Row>) {
  return <CatalogTable {...props} endpoint="/api/v1/claim-rules" columns={claimRuleColumns} caption="Claim rules" noun="claim rules" defaultSort="name" />;
}
