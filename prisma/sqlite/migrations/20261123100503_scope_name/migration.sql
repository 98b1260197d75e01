-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Scope" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "resourceId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "environmentId" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Scope_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Scope" ("action", "createdAt", "description", "id", "resourceId", "updatedAt") SELECT "action", "createdAt", "description", "id", "resourceId", "updatedAt" FROM "Scope";
DROP TABLE "Scope";
ALTER TABLE "new_Scope" RENAME TO "Scope";
CREATE INDEX "Scope_action_idx" ON "Scope"("action");
CREATE INDEX "Scope_name_id_idx" ON "Scope"("name", "id");
CREATE INDEX "Scope_environmentId_action_name_idx" ON "Scope"("environmentId", "action", "name");
CREATE UNIQUE INDEX "Scope_resourceId_action_key" ON "Scope"("resourceId", "action");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Backfill from the resource: "<resource name>:<action>" and its environment
UPDATE "Scope" SET
  "name" = (SELECT "Resource"."name" FROM "Resource" WHERE "Resource"."id" = "Scope"."resourceId") || ':' || "action",
  "environmentId" = (SELECT "Resource"."environmentId" FROM "Resource" WHERE "Resource"."id" = "Scope"."resourceId");
