-- CreateTable
CREATE TABLE "CatalogVersionLog" (
    "version" INTEGER NOT NULL,
    "changeRequestId" TEXT NOT NULL,
    "operations" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CatalogVersionLog_pkey" PRIMARY KEY ("version")
);

