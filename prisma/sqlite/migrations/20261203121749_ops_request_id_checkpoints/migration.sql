-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "requestId" TEXT;

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "jws" TEXT NOT NULL,
    "kid" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "AuditCheckpoint_seq_idx" ON "AuditCheckpoint"("seq");

