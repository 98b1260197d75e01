"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge, criticalityTone } from "@/components/ui/badge";
import type { ScopeRow } from "@/lib/catalog/queries/list-scopes";
import type { Wire } from "@/lib/query/table-params";
import { CatalogTable, type CatalogColumns, type CatalogTableData } from "../catalog-table";
import { linkClass } from "./shared";

type Row = Wire<ScopeRow>;
const col = createColumnHelper<Row>();

export const scopeColumns: CatalogColumns<Row> = [
  col.accessor("name", {
    header: "Scope",
    enableSorting: true,
    meta: { mono: true },
    cell: ({ row }) => (
      <Link href={`/scopes/${row.original.id}`} className={linkClass}>
        {row.original.name}
      </Link>
    ),
  }),
  col.accessor("action", { header: "Action", enableSorting: true, meta: { mono: true } }),
  col.accessor("environment", { header: "Environment" }),
  col.accessor("domain", { header: "Domain" }),
  col.accessor("criticality", {
    header: "Criticality",
    enableSorting: true,
    cell: ({ getValue }) => <Badge tone={criticalityTone[getValue()]}>{getValue()}</Badge>,
  }),
  col.accessor("profiles", { header: "Profiles", enableSorting: true, sortDescFirst: true }),
  col.accessor("description", { header: "Description" }),
];

export function ScopesTable(props: CatalogTableData<Row>) {
  return <CatalogTable {...props} endpoint="/api/v1/scopes" columns={scopeColumns} caption="Scopes" noun="scopes" defaultSort="name" />;
}
