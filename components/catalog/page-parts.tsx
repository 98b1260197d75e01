// Small pieces every catalog page shares: the list's primary "New …" action,
// the detail page's back link, Edit and Delete, and the notice after a form
// applied a change. Which controls appear mirrors can(actor, "change.create");
// the write action checks again on the server.
import Link from "next/link";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { DeleteButton } from "./delete-button";
import type { FormEntity } from "./entity-form";

export const primaryLink =
  "rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 dark:bg-sky-500 dark:text-slate-950 dark:hover:bg-sky-400";
export const secondaryLink = "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";
const link = "text-sky-700 hover:underline dark:text-sky-400";

/** The list page's primary action; hidden from roles that cannot open change requests. */
export function NewLink({ actor, href, children }: { actor: Actor | null; href: string; children: React.ReactNode }) {
  if (!actor || !can(actor, "change.create")) return null;
  return (
    <Link href={href} className={primaryLink}>
      {children}
    </Link>
  );
}

export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <p className="mb-2 text-sm">
      <Link href={href} className={link}>
        ← {children}
      </Link>
    </p>
  );
}

/** Edit and Delete for a detail page's header. */
export function DetailActions({
  actor,
  entity,
  id,
  label,
  editHref,
  listHref,
  alsoDelete,
  children,
}: {
  actor: Actor | null;
  entity: FormEntity | "profile";
  id: string;
  label: string;
  editHref?: string;
  listHref: string;
  alsoDelete?: { entity: FormEntity | "profile"; id: string }[];
  children?: React.ReactNode;
}) {
  const may = !!actor && can(actor, "change.create");
  return (
    <>
      {children}
      {may && editHref ? (
        <Link href={editHref} className={secondaryLink}>
          Edit
        </Link>
      ) : null}
      {may ? <DeleteButton entity={entity} id={id} label={label} listHref={listHref} alsoDelete={alsoDelete} /> : null}
    </>
  );
}

/** After a form applied its change and came here: which change request did it. */
export function AppliedNotice({ done }: { done?: string | string[] }) {
  const n = typeof done === "string" && /^\d+$/.test(done) ? done : null;
  if (!n) return null;
  return (
    <p role="status" className="mb-4 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm dark:border-emerald-800 dark:bg-emerald-950">
      Saved:{" "}
      <Link href={`/changes/${n}`} className="font-medium underline">
        CR-{n}
      </Link>{" "}
      applied at once under the approval rules.
    </p>
  );
}
