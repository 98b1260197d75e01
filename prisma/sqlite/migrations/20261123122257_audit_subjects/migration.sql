-- CreateTable
CREATE TABLE "AuditSubject" (
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,

    PRIMARY KEY ("kind", "subjectId", "seq"),
    CONSTRAINT "AuditSubject_seq_fkey" FOREIGN KEY ("seq") REFERENCES "AuditEvent" ("seq") ON DELETE RESTRICT ON UPDATE RESTRICT
);


-- The subject index is append-only, like the events it indexes.
CREATE TRIGGER "AuditSubject_no_update" BEFORE UPDATE ON "AuditSubject"
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER "AuditSubject_no_delete" BEFORE DELETE ON "AuditSubject"
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;

-- Backfill for the events already recorded, by the rules of lib/audit/subjects.ts.
-- The event's own target when it is a client or a profile.
INSERT OR IGNORE INTO "AuditSubject" ("kind", "subjectId", "seq")
SELECT "targetType", "targetId", "seq" FROM "AuditEvent"
WHERE "targetType" IN ('client', 'profile') AND "targetId" <> '';

-- The client and profile named in the snapshots of bindings, credentials and claim rules.
INSERT OR IGNORE INTO "AuditSubject" ("kind", "subjectId", "seq")
SELECT k."kind", json_extract(s."snapshot", '$.' || k."kind" || 'Id'), s."seq"
FROM (
  SELECT "seq", "before" AS "snapshot" FROM "AuditEvent" WHERE "targetType" IN ('binding', 'credential', 'claimRule') AND "before" IS NOT NULL
  UNION ALL
  SELECT "seq", "after" FROM "AuditEvent" WHERE "targetType" IN ('binding', 'credential', 'claimRule') AND "after" IS NOT NULL
) s
CROSS JOIN (SELECT 'client' AS "kind" UNION ALL SELECT 'profile') k
WHERE json_type(s."snapshot", '$.' || k."kind" || 'Id') = 'text' AND json_extract(s."snapshot", '$.' || k."kind" || 'Id') <> '';

-- The client and profile of each token an event names: issued, revoked (listed), or the revoked target.
INSERT OR IGNORE INTO "AuditSubject" ("kind", "subjectId", "seq")
SELECT k."kind", CASE k."kind" WHEN 'client' THEN t."clientId" ELSE t."profileId" END, j."seq"
FROM (
  SELECT "seq", "targetId" AS "jti" FROM "AuditEvent" WHERE "targetType" = 'token'
  UNION ALL
  SELECT "seq", json_extract("after", '$.jti') FROM "AuditEvent" WHERE "action" = 'token.issued' AND json_type("after", '$.jti') = 'text'
  UNION ALL
  SELECT e."seq", l."value" FROM "AuditEvent" e, json_each(e."after", '$.jtis') l WHERE e."action" = 'token.revoked' AND json_type(e."after", '$.jtis') = 'array' AND l."type" = 'text'
) j
JOIN "Token" t ON t."jti" = j."jti"
CROSS JOIN (SELECT 'client' AS "kind" UNION ALL SELECT 'profile') k;
