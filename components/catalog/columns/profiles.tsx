"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import type { ProfileRow } from "@/lib/catalog/queries/list-profiles";
import { formatDateTime } from "@/lib/format";
import type { Wire } from "@/lib/query/table-params";
import { CatalogTable, type CatalogColumns, type CatalogTableData } from "../catalog-table";
import { linkClass } from "./shared";

type Row = Wire<ProfileRow>;
const col = createColumnHelper<Row>();

export const profileColumns: CatalogColumns<Row> = [
  col.accessor("name", {
    header: "Name",
    enableSorting: true,
    meta: { mono: true },
    cell: ({ row }) => (
      <Link href={`/profiles/${row.original.id}`} className={linkClass}>
        {row.original.name}
      </Link>
    ),
  }),
  col.accessor("environment", { header: "Environment" }),
  col.accessor("domain", { header: "Domain" }),
  col.accessor("version", { header: "Version", enableSorting: true, sortDescFirst: true, cell: ({ getValue }) => `v${getValue()}` }),
  // sorts by the seconds behind the "15 min" shown
  col.accessor("lifetime", { header: "Max token lifetime", enableSorting: true, sortDescFirst: true }),
  col.accessor("expiresAt", { header: "Expires", cell: ({ getValue }) => (getValue() ? formatDateTime(getValue()) : "never") }),
  col.accessor("scopes", { header: "Scopes" }),
  col.accessor("bindings", { header: "Bindings" }),
];

export function ProfilesTable(props: CatalogTableData<Row>) {
  return <CatalogTable {...props} endpoint="/api/v1/profiles" columns={profileColumns} caption="Profiles" noun="profiles" defaultSort="name" />;
}
