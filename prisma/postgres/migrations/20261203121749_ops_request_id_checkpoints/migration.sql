-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "requestId" TEXT;

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "jws" TEXT NOT NULL,
    "kid" TEXT NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditCheckpoint_seq_idx" ON "AuditCheckpoint"("seq");

