-- CreateTable
CREATE TABLE "Drill" (
    "id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "scheduledFor" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "firstActionAt" TIMESTAMP(3),
    "containedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "objectiveSeconds" INTEGER NOT NULL DEFAULT 60,
    "canaryJti" TEXT,
    "canaryExpiresAt" TIMESTAMP(3),
    "instances" TEXT NOT NULL DEFAULT '[]',
    "blastRadius" TEXT NOT NULL DEFAULT '[]',
    "report" TEXT,
    "createdById" TEXT,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Drill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DrillEvent" (
    "id" TEXT NOT NULL,
    "drillId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "instance" TEXT NOT NULL DEFAULT '',
    "message" TEXT NOT NULL DEFAULT '',
    "detail" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "DrillEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RevocationRun" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "actorLabel" TEXT NOT NULL DEFAULT '',
    "actions" TEXT NOT NULL DEFAULT '[]',
    "errors" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "RevocationRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Drill_number_key" ON "Drill"("number");

-- CreateIndex
CREATE INDEX "Drill_status_scheduledFor_idx" ON "Drill"("status", "scheduledFor");

-- CreateIndex
CREATE INDEX "Drill_createdAt_idx" ON "Drill"("createdAt");

-- CreateIndex
CREATE INDEX "DrillEvent_drillId_at_idx" ON "DrillEvent"("drillId", "at");

-- CreateIndex
CREATE INDEX "RevocationRun_at_idx" ON "RevocationRun"("at");

-- AddForeignKey
ALTER TABLE "DrillEvent" ADD CONSTRAINT "DrillEvent_drillId_fkey" FOREIGN KEY ("drillId") REFERENCES "Drill"("id") ON DELETE CASCADE ON UPDATE CASCADE;

