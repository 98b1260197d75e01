"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge, statusTone } from "@/components/ui/badge";
import type { BindingRow } from "@/lib/catalog/queries/list-bindings";
import { formatDateTime } from "@/lib/format";
import type { Wire } from "@/lib/query/table-params";
import { CatalogTable, type CatalogColumns, type CatalogTableData } from "../catalog-table";
import { linkClass } from "./shared";

type Row = Wire<BindingRow>;
const col = createColumnHelper<Row>();

export const bindingColumns: CatalogColumns<Row> = [
  col.accessor((b) => b.client.name, {
    id: "client",
    header: "Client",
    enableSorting: true,
    meta: { mono: true },
    cell: ({ row: { original: b } }) => (
      <>
        <Link href={`/clients/${b.client.id}`} className={linkClass}>
          {b.client.name}
        </Link>{" "}
        <span className="font-sans text-xs text-slate-600 dark:text-slate-400">{b.client.kind}</span>
        {b.client.status !== "active" ? (
          <>
            {" "}
            <Badge tone={statusTone[b.client.status]}>{b.client.status}</Badge>
          </>
        ) : null}
      </>
    ),
  }),
  col.accessor((b) => b.profile.name, {
    id: "profile",
    header: "Profile",
    enableSorting: true,
    meta: { mono: true },
    cell: ({ row: { original: b } }) => (
      <>
        <span aria-hidden="true" className="text-slate-400 dark:text-slate-500">
          →{" "}
        </span>
        <Link href={`/profiles/${b.profile.id}`} className={linkClass}>
          {b.profile.name}
        </Link>
      </>
    ),
  }),
  col.accessor((b) => b.profile.environment, { id: "environment", header: "Profile environment" }),
  col.accessor("expiresAt", {
    header: "Expires",
    enableSorting: true,
    cell: ({ row: { original: b } }) =>
      b.expiresAt === null ? (
        "standing"
      ) : b.expired ? (
        <Badge tone="bad">expired {formatDateTime(b.expiresAt)}</Badge>
      ) : (
        <Badge tone="warn">{formatDateTime(b.expiresAt)}</Badge>
      ),
  }),
  col.accessor("reason", { header: "Reason", cell: ({ getValue }) => getValue() || "—" }),
  col.display({
    id: "open",
    header: "Binding",
    cell: ({ row: { original: b } }) => (
      <Link href={`/bindings/${b.id}`} className={linkClass} aria-label={`Binding ${b.client.name} → ${b.profile.name}`}>
        Details
      </Link>
    ),
  }),
  col.accessor("createdAt", { header: "Created", enableSorting: true, sortDescFirst: true, cell: ({ getValue }) => formatDateTime(getValue()) }),
];

export function BindingsTable(props: CatalogTableData<Row>) {
  return <CatalogTable {...props} endpoint="/api/v1/bindings" columns={bindingColumns} caption="Bindings" noun="bindings" defaultSort="client" />;
}
