import { catalogFilesJsonSchema } from "@/lib/ascode/format";

/** The JSON Schema of one catalog file (public: it describes a format, not data). */
export function GET() {
  return Response.json(catalogFilesJsonSchema(), { headers: { "cache-control": "public, max-age=300" } });
}
