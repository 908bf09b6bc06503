-- AlterTable
ALTER TABLE "SlackPost" ADD COLUMN     "payload" TEXT;

-- CreateIndex
CREATE INDEX "Invoice_pointOfSale_number_idx" ON "Invoice"("pointOfSale", "number");
