"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import type { DomainRow } from "@/lib/catalog/queries/list-domains";
import type { Wire } from "@/lib/query/table-params";
import { CatalogTable, type CatalogColumns, type CatalogTableData } from "../catalog-table";
import { linkClass } from "./shared";

type Row = Wire<DomainRow>;
const col = createColumnHelper<Row>();

/** A count that links to the list it counts, filtered to this domain. */
const countLink = (list: "resources" | "clients" | "profiles") =>
  col.accessor(list, {
    header: list[0]!.toUpperCase() + list.slice(1),
    enableSorting: list === "resources",
    sortDescFirst: true,
    cell: ({ row, getValue }) => (
      <Link href={`/${list}?domain=${encodeURIComponent(row.original.name)}`} className={linkClass} aria-label={`${getValue()} ${list} in ${row.original.name}`}>
        {getValue()}
      </Link>
    ),
  });

export const domainColumns: CatalogColumns<Row> = [
  col.accessor("name", {
    header: "Name",
    enableSorting: true,
    meta: { mono: true },
    cell: ({ row, getValue }) => (
      <Link href={`/domains/${row.original.id}`} className={linkClass}>
        {getValue()}
      </Link>
    ),
  }),
  col.accessor("displayName", { header: "Display name" }),
  col.accessor("owners", { header: "Owners", cell: ({ getValue }) => (getValue().length ? getValue().join(", ") : "—") }),
  countLink("resources"),
  countLink("clients"),
  countLink("profiles"),
];

export function DomainsTable(props: CatalogTableData<Row>) {
  return <CatalogTable {...props} endpoint="/api/v1/domains" columns={domainColumns} caption="Domains" noun="domains" defaultSort="name" />;
}
