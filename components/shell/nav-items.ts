export type NavItem = { href: string; label: string };
export type NavGroup = { label: string | null; items: NavItem[] };

export const navGroups: NavGroup[] = [
  { label: null, items: [{ href: "/", label: "Overview" }] },
  {
    label: "Catalog",
    items: [
      { href: "/resources", label: "Resources" },
      { href: "/scopes", label: "Scopes" },
      { href: "/profiles", label: "Profiles" },
      { href: "/clients", label: "Clients" },
      { href: "/domains", label: "Domains" },
      { href: "/environments", label: "Environments" },
      { href: "/bindings", label: "Bindings" },
      { href: "/claim-rules", label: "Claim rules" },
      { href: "/credentials", label: "Credentials" },
    ],
  },
  {
    label: "Access",
    items: [
      { href: "/graph", label: "Graph" },
      { href: "/changes", label: "Changes" },
      { href: "/findings", label: "Findings" },
      { href: "/assertions", label: "Assertions" },
      { href: "/drift", label: "Drift" },
      { href: "/reviews", label: "Access reviews" },
      { href: "/drills", label: "Drills" },
      { href: "/audit", label: "Audit" },
    ],
  },
  {
    label: "Administration",
    items: [
      { href: "/import", label: "Import" },
      { href: "/issuers", label: "Token service" },
      { href: "/settings", label: "Settings" },
    ],
  },
];
