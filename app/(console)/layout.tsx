import { can } from "@/lib/auth/permissions";
import Link from "next/link";
import { CommandPalette } from "@/components/shell/command-palette";
import { Sidebar } from "@/components/shell/sidebar";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { UserMenu } from "@/components/shell/user-menu";
import { requireActor } from "@/lib/auth/session";
import { postReviewCount, reviewCount } from "@/lib/changes/queries/review-count";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const [needsReview, postReview] = await Promise.all([reviewCount(db(), actor), postReviewCount(db())]);
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900">
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col gap-6 border-r border-slate-200 bg-slate-100 p-4 md:flex dark:border-slate-800 dark:bg-slate-900">
        <Link href="/" className="flex items-center gap-2 px-2 font-semibold">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          Perimeter
        </Link>
        <Sidebar badges={{ "/changes": needsReview }} alerts={{ "/changes": { count: postReview, label: "emergency changes to review after the fact" } }} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-end gap-2 border-b border-slate-200 px-6 dark:border-slate-800">
          <CommandPalette allowed={{ write: can(actor, "change.create"), incident: can(actor, "change.emergency") }} />
          <ThemeToggle />
          <UserMenu email={actor.label} role={actor.role} />
        </header>
        <main id="main" className="flex-1 p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
