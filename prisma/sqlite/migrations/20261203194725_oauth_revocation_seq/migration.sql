-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CatalogState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "catalogVersion" INTEGER NOT NULL DEFAULT 0,
    "auditSeq" INTEGER NOT NULL DEFAULT 0,
    "auditHead" TEXT NOT NULL DEFAULT '',
    "crNumber" INTEGER NOT NULL DEFAULT 0,
    "revocationSeq" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_CatalogState" ("auditHead", "auditSeq", "catalogVersion", "crNumber", "id") SELECT "auditHead", "auditSeq", "catalogVersion", "crNumber", "id" FROM "CatalogState";
DROP TABLE "CatalogState";
ALTER TABLE "new_CatalogState" RENAME TO "CatalogState";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

