-- CreateTable
CREATE TABLE "Assertion" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'high',
    "spec" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Assertion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangePlan" (
    "changeRequestId" TEXT NOT NULL,
    "planHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangePlan_pkey" PRIMARY KEY ("changeRequestId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Assertion_name_key" ON "Assertion"("name");

-- CreateIndex
CREATE INDEX "ChangePlan_planHash_idx" ON "ChangePlan"("planHash");

