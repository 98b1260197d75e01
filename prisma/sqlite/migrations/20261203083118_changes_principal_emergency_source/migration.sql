-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ChangeRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "risk" TEXT NOT NULL DEFAULT 'low',
    "authorId" TEXT,
    "baseVersion" INTEGER NOT NULL,
    "expiresAt" DATETIME,
    "emergency" BOOLEAN NOT NULL DEFAULT false,
    "revertOfId" TEXT,
    "findings" TEXT NOT NULL DEFAULT '[]',
    "reach" TEXT NOT NULL DEFAULT '{}',
    "staleReason" TEXT,
    "appliedAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "reviewDue" BOOLEAN NOT NULL DEFAULT false,
    "postReview" TEXT,
    "postReviewBy" TEXT,
    "postReviewAt" DATETIME,
    "source" TEXT NOT NULL DEFAULT 'console',
    "authorTokenId" TEXT,
    "outcomeNote" TEXT,
    CONSTRAINT "ChangeRequest_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ChangeRequest" ("appliedAt", "authorId", "baseVersion", "closedAt", "createdAt", "emergency", "expiresAt", "findings", "id", "number", "reach", "reason", "revertOfId", "risk", "staleReason", "status", "title", "updatedAt") SELECT "appliedAt", "authorId", "baseVersion", "closedAt", "createdAt", "emergency", "expiresAt", "findings", "id", "number", "reach", "reason", "revertOfId", "risk", "staleReason", "status", "title", "updatedAt" FROM "ChangeRequest";
DROP TABLE "ChangeRequest";
ALTER TABLE "new_ChangeRequest" RENAME TO "ChangeRequest";
CREATE UNIQUE INDEX "ChangeRequest_number_key" ON "ChangeRequest"("number");
CREATE INDEX "ChangeRequest_status_idx" ON "ChangeRequest"("status");
CREATE INDEX "ChangeRequest_authorId_idx" ON "ChangeRequest"("authorId");
CREATE INDEX "ChangeRequest_reviewDue_idx" ON "ChangeRequest"("reviewDue");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

