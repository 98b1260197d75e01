-- DropIndex
DROP INDEX "Token_revokedAt_idx";

-- AlterTable
ALTER TABLE "Token" ADD COLUMN     "revocationSeq" INTEGER;

-- CreateIndex
CREATE INDEX "Token_revocationSeq_idx" ON "Token"("revocationSeq");

