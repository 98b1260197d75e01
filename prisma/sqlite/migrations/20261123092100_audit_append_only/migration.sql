-- Audit events are append-only: refuse UPDATE and DELETE at the database.
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;

-- The single catalog state row every write transaction updates.
INSERT INTO "CatalogState" ("id", "catalogVersion", "auditSeq", "auditHead", "crNumber") VALUES (1, 0, 0, '', 0);
