-- CreateTable
CREATE TABLE "SecretDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "changeRequestId" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "credentialName" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "sealed" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revealedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "SecretDelivery_changeRequestId_recipientId_idx" ON "SecretDelivery"("changeRequestId", "recipientId");

-- CreateIndex
CREATE INDEX "SecretDelivery_expiresAt_idx" ON "SecretDelivery"("expiresAt");

