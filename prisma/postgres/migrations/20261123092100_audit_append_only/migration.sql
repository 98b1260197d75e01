-- Audit events are append-only: refuse UPDATE and DELETE at the database.
CREATE OR REPLACE FUNCTION perimeter_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION perimeter_audit_append_only();

CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION perimeter_audit_append_only();

-- The single catalog state row every write transaction updates.
INSERT INTO "CatalogState" ("id", "catalogVersion", "auditSeq", "auditHead", "crNumber") VALUES (1, 0, 0, '', 0);
