-- CreateTable
CREATE TABLE "CatalogVersionLog" (
    "version" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "changeRequestId" TEXT NOT NULL,
    "operations" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

