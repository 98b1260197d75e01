-- Fail rather than queue every audit write (token grants included) behind a long reader while
-- waiting for the table's lock; the server then refuses to start and the migration is retried.
SET LOCAL lock_timeout = '5s';

-- DropIndex
DROP INDEX "AuditEvent_hash_key";
