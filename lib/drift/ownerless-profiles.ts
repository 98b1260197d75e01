// Profiles without an owner. Choosing one is a person's call: the fix links to the profile.
import { driftFinding, type DriftFinding } from "./types";

export type ProfileOwnerRow = { id: string; name: string; owner: string; environment: string | null; bindings: number };

export function ownerlessProfiles(rows: ProfileOwnerRow[]): DriftFinding[] {
  return rows.flatMap((p) =>
    p.owner.trim()
      ? []
      : [
          driftFinding(
            "ownerless-profile",
            { entity: "profile", id: p.id, name: p.name },
            `${p.name} has no owner${p.bindings ? ` and is bound to ${p.bindings} client${p.bindings === 1 ? "" : "s"}` : ""}`,
            p.environment,
            { kind: "link", label: "Set an owner", href: `/profiles/${p.id}` },
          ),
        ],
  );
}
