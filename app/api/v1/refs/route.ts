import { catalogRefs } from "@/lib/catalog/queries/refs";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

export const GET = route("catalog.read", async () => catalogRefs(db()));
