-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "publicJwk" TEXT;

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" TEXT NOT NULL,
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "privateJwk" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),
    "retiredAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrustedIssuer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "jwks" TEXT,
    "jwksUri" TEXT,
    "audience" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrustedIssuer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecisionStat" (
    "id" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "clientId" TEXT NOT NULL DEFAULT '',
    "profileId" TEXT NOT NULL DEFAULT '',
    "scopeId" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DecisionStat_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SigningKey_kid_key" ON "SigningKey"("kid");

-- CreateIndex
CREATE INDEX "SigningKey_retiredAt_idx" ON "SigningKey"("retiredAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrustedIssuer_name_key" ON "TrustedIssuer"("name");

-- CreateIndex
CREATE UNIQUE INDEX "TrustedIssuer_issuer_key" ON "TrustedIssuer"("issuer");

-- CreateIndex
CREATE INDEX "DecisionStat_clientId_minute_idx" ON "DecisionStat"("clientId", "minute");

-- CreateIndex
CREATE UNIQUE INDEX "DecisionStat_minute_clientId_profileId_scopeId_outcome_key" ON "DecisionStat"("minute", "clientId", "profileId", "scopeId", "outcome");

-- CreateIndex
CREATE INDEX "Token_revokedAt_idx" ON "Token"("revokedAt");

