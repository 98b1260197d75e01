import { db } from "@/lib/db/client";
import { getDrill } from "@/lib/drills/queries";
import { reportMarkdown } from "@/lib/drills/report";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

/** A completed drill's report, as a download: ?format=json (default) or markdown. */
export const GET = route<{ id: string }>("audit.read", async ({ req, params }) => {
  const drill = await getDrill(db(), params.id);
  if (!drill.report) throw new AppError("conflict", `D-${drill.number} is ${drill.status}; its report is written when it completes`);
  const format = new URL(req.url).searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "markdown") throw AppError.field("format", "must be json or markdown");
  const name = `drill-D-${drill.number}-report.${format === "json" ? "json" : "md"}`;
  const body = format === "json" ? JSON.stringify(drill.report, null, 2) : reportMarkdown(drill.report);
  return new Response(body, {
    headers: { "content-type": format === "json" ? "application/json" : "text/markdown; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
});
