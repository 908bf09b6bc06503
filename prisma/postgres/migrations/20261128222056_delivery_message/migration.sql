-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "message" TEXT NOT NULL DEFAULT '';
