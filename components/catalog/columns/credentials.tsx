"use client";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import type { CredentialRow } from "@/lib/catalog/queries/list-credentials";
import { formatDateTime } from "@/lib/format";
import type { Wire } from "@/lib/query/table-params";
import { CatalogTable, type CatalogColumns, type CatalogTableData } from "../catalog-table";
import { linkClass } from "./shared";

type Row = Wire<CredentialRow>;
const col = createColumnHelper<Row>();

const credentialKindLabel = (k: string) => (k === "provisioning_key" ? "provisioning key" : k);
const statusTone: Record<string, Tone> = { active: "good", revoked: "bad", expired: "neutral" };

export const credentialColumns: CatalogColumns<Row> = [
  col.accessor((k) => k.client.name, {
    id: "client",
    header: "Client",
    meta: { mono: true },
    cell: ({ row: { original: k } }) => (
      <Link href={`/clients/${k.client.id}`} className={linkClass}>
        {k.client.name}
      </Link>
    ),
  }),
  col.accessor("prefix", {
    header: "Prefix",
    enableSorting: true,
    meta: { mono: true },
    cell: ({ row, getValue }) => (
      <Link href={`/credentials/${row.original.id}`} className={linkClass}>
        {getValue()}
      </Link>
    ),
  }),
  col.accessor("kind", { header: "Kind", cell: ({ getValue }) => credentialKindLabel(getValue()) }),
  col.accessor("label", { header: "Label", cell: ({ getValue }) => getValue() || "—" }),
  col.accessor("createdAt", { header: "Created", enableSorting: true, sortDescFirst: true, cell: ({ getValue }) => formatDateTime(getValue()) }),
  col.accessor("expiresAt", { header: "Expires", enableSorting: true, cell: ({ getValue }) => (getValue() ? formatDateTime(getValue()) : "never") }),
  col.accessor("status", {
    header: "Status",
    cell: ({ row: { original: k } }) => (
      <Badge tone={statusTone[k.status]}>{k.status === "revoked" ? `revoked ${formatDateTime(k.revokedAt)}` : k.status}</Badge>
    ),
  }),
  col.accessor("lastUsedAt", {
    header: "Last used",
    enableSorting: true,
    sortDescFirst: true,
    cell: ({ getValue }) => (getValue() ? formatDateTime(getValue()) : "never"),
  }),
];

export function CredentialsTable(props: CatalogTableData<Row>) {
  return (
    <CatalogTable {...props} endpoint="/api/v1/credentials" columns={credentialColumns} caption="Credentials" noun="credentials" defaultSort="-createdAt" />
  );
}
