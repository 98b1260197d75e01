"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { EnvironmentRow } from "@/lib/catalog/queries/list-environments";
import type { Wire } from "@/lib/query/table-params";
import { CatalogTable, type CatalogColumns, type CatalogTableData } from "../catalog-table";
import { linkClass } from "./shared";

type Row = Wire<EnvironmentRow>;
const col = createColumnHelper<Row>();

/** A count that links to the list it counts, filtered to this environment. */
const countLink = (list: "resources" | "profiles") =>
  col.accessor(list, {
    header: list[0]!.toUpperCase() + list.slice(1),
    enableSorting: list === "resources",
    sortDescFirst: true,
    cell: ({ row, getValue }) => (
      <Link href={`/${list}?environment=${encodeURIComponent(row.original.name)}`} className={linkClass} aria-label={`${getValue()} ${list} in ${row.original.name}`}>
        {getValue()}
      </Link>
    ),
  });

export const environmentColumns: CatalogColumns<Row> = [
  col.accessor("name", {
    header: "Name",
    enableSorting: true,
    meta: { mono: true },
    cell: ({ row, getValue }) => (
      <Link href={`/environments/${row.original.id}`} className={linkClass}>
        {getValue()}
      </Link>
    ),
  }),
  col.accessor("displayName", { header: "Display name" }),
  col.accessor("protection", {
    header: "Protection",
    cell: ({ getValue }) => (getValue() === "protected" ? <Badge tone="warn">protected</Badge> : <Badge>none</Badge>),
  }),
  col.accessor("blockingChecks", {
    header: "Blocking checks",
    cell: ({ row: { original } }) =>
      original.blockingChecks.length ? (
        <span className="flex flex-wrap gap-1">
          {original.blockingChecks.map((c) => (
            <Badge key={c} tone="bad">
              <span className="font-mono">{c}</span>
            </Badge>
          ))}
        </span>
      ) : (
        "—"
      ),
  }),
  countLink("resources"),
  countLink("profiles"),
];

export function EnvironmentsTable(props: CatalogTableData<Row>) {
  return (
    <CatalogTable {...props} endpoint="/api/v1/environments" columns={environmentColumns} caption="Environments" noun="environments" defaultSort="rank" />
  );
}
