-- AlterTable
ALTER TABLE "CatalogState" ADD COLUMN     "revocationSeq" INTEGER NOT NULL DEFAULT 0;

