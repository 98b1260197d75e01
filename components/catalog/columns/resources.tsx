"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge, criticalityTone } from "@/components/ui/badge";
import type { ResourceRow } from "@/lib/catalog/queries/list-resources";
import type { Wire } from "@/lib/query/table-params";
import { CatalogTable, type CatalogColumns, type CatalogTableData } from "../catalog-table";
import { linkClass } from "./shared";

type Row = Wire<ResourceRow>;
const col = createColumnHelper<Row>();

export const resourceColumns: CatalogColumns<Row> = [
  col.accessor("name", {
    header: "Name",
    enableSorting: true,
    meta: { mono: true },
    cell: ({ row }) => (
      <Link href={`/resources/${row.original.id}`} className={linkClass}>
        {row.original.name}
      </Link>
    ),
  }),
  col.accessor("kind", { header: "Kind", enableSorting: true }),
  col.accessor("environment", { header: "Environment" }),
  col.accessor("domain", { header: "Domain" }),
  col.accessor("criticality", {
    header: "Criticality",
    enableSorting: true,
    cell: ({ getValue }) => <Badge tone={criticalityTone[getValue()]}>{getValue()}</Badge>,
  }),
  col.accessor("owner", { header: "Owner" }),
  col.accessor("scopes", { header: "Scopes" }),
];

export function ResourcesTable(props: CatalogTableData<Row>) {
  return <CatalogTable {...props} endpoint="/api/v1/resources" columns={resourceColumns} caption="Resources" noun="resources" defaultSort="name" />;
}
