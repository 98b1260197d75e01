"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge, statusTone } from "@/components/ui/badge";
import type { ClientRow } from "@/lib/catalog/queries/list-clients";
import type { Wire } from "@/lib/query/table-params";
import { CatalogTable, type CatalogColumns, type CatalogTableData } from "../catalog-table";
import { linkClass } from "./shared";

type Row = Wire<ClientRow>;
const col = createColumnHelper<Row>();

export const clientColumns: CatalogColumns<Row> = [
  col.accessor("name", {
    header: "Name",
    enableSorting: true,
    meta: { mono: true },
    cell: ({ row }) => (
      <Link href={`/clients/${row.original.id}`} className={linkClass}>
        {row.original.name}
      </Link>
    ),
  }),
  col.accessor("displayName", { header: "Display name" }),
  col.accessor("kind", { header: "Kind", enableSorting: true }),
  col.accessor("status", {
    header: "Status",
    enableSorting: true,
    cell: ({ getValue }) => <Badge tone={statusTone[getValue()]}>{getValue()}</Badge>,
  }),
  col.accessor("domain", { header: "Domain" }),
  col.accessor("owner", { header: "Owner" }),
  col.accessor("bindings", { header: "Bindings" }),
  col.accessor("temporary", { header: "Temporary", cell: ({ getValue }) => (getValue() ? <Badge tone="warn">{getValue()}</Badge> : 0) }),
];

export function ClientsTable(props: CatalogTableData<Row>) {
  return <CatalogTable {...props} endpoint="/api/v1/clients" columns={clientColumns} caption="Clients" noun="clients" defaultSort="name" />;
}
