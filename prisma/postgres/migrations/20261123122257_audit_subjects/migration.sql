-- CreateTable
CREATE TABLE "AuditSubject" (
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,

    CONSTRAINT "AuditSubject_pkey" PRIMARY KEY ("kind","subjectId","seq")
);

-- AddForeignKey
ALTER TABLE "AuditSubject" ADD CONSTRAINT "AuditSubject_seq_fkey" FOREIGN KEY ("seq") REFERENCES "AuditEvent"("seq") ON DELETE RESTRICT ON UPDATE RESTRICT;


-- The subject index is append-only, like the events it indexes.
CREATE TRIGGER "AuditSubject_no_update" BEFORE UPDATE ON "AuditSubject"
  FOR EACH ROW EXECUTE FUNCTION perimeter_audit_append_only();

CREATE TRIGGER "AuditSubject_no_delete" BEFORE DELETE ON "AuditSubject"
  FOR EACH ROW EXECUTE FUNCTION perimeter_audit_append_only();

-- Backfill for the events already recorded, by the rules of lib/audit/subjects.ts.
-- The event's own target when it is a client or a profile.
INSERT INTO "AuditSubject" ("kind", "subjectId", "seq")
SELECT "targetType", "targetId", "seq" FROM "AuditEvent"
WHERE "targetType" IN ('client', 'profile') AND "targetId" <> ''
ON CONFLICT DO NOTHING;

-- The client and profile named in the snapshots of bindings, credentials and claim rules.
INSERT INTO "AuditSubject" ("kind", "subjectId", "seq")
SELECT k."kind", s."snapshot" ->> (k."kind" || 'Id'), s."seq"
FROM (
  SELECT "seq", "before"::jsonb AS "snapshot" FROM "AuditEvent" WHERE "targetType" IN ('binding', 'credential', 'claimRule') AND "before" IS NOT NULL
  UNION ALL
  SELECT "seq", "after"::jsonb FROM "AuditEvent" WHERE "targetType" IN ('binding', 'credential', 'claimRule') AND "after" IS NOT NULL
) s
CROSS JOIN (VALUES ('client'), ('profile')) AS k("kind")
WHERE jsonb_typeof(s."snapshot" -> (k."kind" || 'Id')) = 'string' AND s."snapshot" ->> (k."kind" || 'Id') <> ''
ON CONFLICT DO NOTHING;

-- The client and profile of each token an event names: issued, revoked (listed), or the revoked target.
INSERT INTO "AuditSubject" ("kind", "subjectId", "seq")
SELECT k."kind", CASE k."kind" WHEN 'client' THEN t."clientId" ELSE t."profileId" END, j."seq"
FROM (
  SELECT "seq", "targetId" AS "jti" FROM "AuditEvent" WHERE "targetType" = 'token'
  UNION ALL
  SELECT "seq", "after"::jsonb ->> 'jti' FROM "AuditEvent" WHERE "action" = 'token.issued' AND jsonb_typeof("after"::jsonb -> 'jti') = 'string'
  UNION ALL
  SELECT e."seq", l."jti"
  FROM "AuditEvent" e
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e."after"::jsonb -> 'jtis') = 'array' THEN e."after"::jsonb -> 'jtis' ELSE '[]'::jsonb END) AS l0("value")
  CROSS JOIN LATERAL (SELECT l0."value" #>> '{}' AS "jti" WHERE jsonb_typeof(l0."value") = 'string') AS l
  WHERE e."action" = 'token.revoked'
) j
JOIN "Token" t ON t."jti" = j."jti"
CROSS JOIN (VALUES ('client'), ('profile')) AS k("kind")
ON CONFLICT DO NOTHING;
