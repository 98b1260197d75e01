"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { navGroups } from "./nav-items";

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** `badges`: a count to show next to a nav item, keyed by its href (e.g. requests needing my review). */
/** `alerts`: a second, red count with its own words, e.g. emergency changes waiting for their after-the-fact review. */
export function Sidebar({ badges, alerts }: { badges?: Record<string, number>; alerts?: Record<string, { count: number; label: string }> }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-5 text-sm">
      {navGroups.map((group) => (
        <div key={group.label ?? "top"}>
          {group.label ? (
            <p className="mb-1 px-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{group.label}</p>
          ) : null}
          <ul className="flex flex-col gap-0.5">
            {group.items.map((item) => {
              const active = isActive(pathname, item.href);
              const badge = badges?.[item.href] ?? 0;
              const alert = alerts?.[item.href];
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={`flex items-center justify-between gap-2 rounded-md px-2 py-1.5 ${
                      active
                        ? "bg-slate-900 font-medium text-white dark:bg-slate-100 dark:text-slate-900"
                        : "text-slate-700 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"
                    }`}
                  >
                    {item.label}
                    <span className="flex gap-1">
                      {alert && alert.count > 0 ? (
                        <span title={`${alert.count} ${alert.label}`} className="rounded-full bg-rose-700 px-1.5 text-xs font-semibold tabular-nums text-white">
                          {alert.count}
                          <span className="sr-only"> {alert.label}</span>
                        </span>
                      ) : null}
                      {badge > 0 ? (
                        <span className="rounded-full bg-amber-400 px-1.5 text-xs font-semibold tabular-nums text-slate-950">
                          {badge}
                          <span className="sr-only"> need your review</span>
                        </span>
                      ) : null}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
