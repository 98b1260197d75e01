-- CreateTable
CREATE TABLE "SecretDelivery" (
    "id" TEXT NOT NULL,
    "changeRequestId" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "credentialName" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "sealed" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revealedAt" TIMESTAMP(3),

    CONSTRAINT "SecretDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SecretDelivery_changeRequestId_recipientId_idx" ON "SecretDelivery"("changeRequestId", "recipientId");

-- CreateIndex
CREATE INDEX "SecretDelivery_expiresAt_idx" ON "SecretDelivery"("expiresAt");

