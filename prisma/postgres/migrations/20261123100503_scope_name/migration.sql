-- AlterTable
ALTER TABLE "Scope" ADD COLUMN     "environmentId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "name" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Scope_name_id_idx" ON "Scope"("name", "id");

-- CreateIndex
CREATE INDEX "Scope_environmentId_action_name_idx" ON "Scope"("environmentId", "action", "name");


-- Backfill from the resource: "<resource name>:<action>" and its environment
UPDATE "Scope" SET
  "name" = (SELECT "Resource"."name" FROM "Resource" WHERE "Resource"."id" = "Scope"."resourceId") || ':' || "action",
  "environmentId" = (SELECT "Resource"."environmentId" FROM "Resource" WHERE "Resource"."id" = "Scope"."resourceId");
