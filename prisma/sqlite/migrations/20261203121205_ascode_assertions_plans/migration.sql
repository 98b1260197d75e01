-- CreateTable
CREATE TABLE "Assertion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'high',
    "spec" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ChangePlan" (
    "changeRequestId" TEXT NOT NULL PRIMARY KEY,
    "planHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Assertion_name_key" ON "Assertion"("name");

-- CreateIndex
CREATE INDEX "ChangePlan_planHash_idx" ON "ChangePlan"("planHash");

