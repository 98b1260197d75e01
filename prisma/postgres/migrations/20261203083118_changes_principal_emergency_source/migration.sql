-- AlterTable
ALTER TABLE "ChangeRequest" ADD COLUMN     "authorTokenId" TEXT,
ADD COLUMN     "outcomeNote" TEXT,
ADD COLUMN     "postReview" TEXT,
ADD COLUMN     "postReviewAt" TIMESTAMP(3),
ADD COLUMN     "postReviewBy" TEXT,
ADD COLUMN     "reviewDue" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'console';

-- CreateIndex
CREATE INDEX "ChangeRequest_reviewDue_idx" ON "ChangeRequest"("reviewDue");

