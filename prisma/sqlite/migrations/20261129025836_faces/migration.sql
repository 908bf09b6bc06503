-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "learnedTemplate" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "note" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "origin" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "requestHash" TEXT;

-- CreateTable
CREATE TABLE "ReminderRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "lockKey" TEXT,
    "trigger" TEXT NOT NULL,
    "asOf" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "summary" TEXT,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- Hand-written. Last-used templates were stored as Liquid, now as segments
-- that are never parsed. Rows in the former shape cannot be converted without
-- parsing them, so those customers start again from the original template.
-- ReminderLog and SlackPost had no writer yet.
DELETE FROM "CustomerTemplate";
DELETE FROM "ReminderLog";
DELETE FROM "SlackPost";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Invoice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "letter" TEXT NOT NULL,
    "voucherCode" INTEGER NOT NULL,
    "pointOfSale" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "issueDate" TEXT NOT NULL,
    "dueDate" TEXT,
    "customerId" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'PES',
    "exchangeRate" TEXT NOT NULL DEFAULT '1',
    "netTotal" TEXT NOT NULL,
    "ivaTotal" TEXT NOT NULL,
    "total" TEXT NOT NULL,
    "cae" TEXT,
    "caeDueDate" TEXT,
    "saleCondition" TEXT NOT NULL DEFAULT 'Cuenta corriente',
    "balanceCents" BIGINT NOT NULL DEFAULT 0,
    "appliesToId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Invoice_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Invoice_appliesToId_fkey" FOREIGN KEY ("appliesToId") REFERENCES "Invoice" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Invoice" ("appliesToId", "cae", "caeDueDate", "createdAt", "currency", "customerId", "dueDate", "exchangeRate", "id", "issueDate", "ivaTotal", "kind", "letter", "netTotal", "number", "pointOfSale", "total", "updatedAt", "voucherCode") SELECT "appliesToId", "cae", "caeDueDate", "createdAt", "currency", "customerId", "dueDate", "exchangeRate", "id", "issueDate", "ivaTotal", "kind", "letter", "netTotal", "number", "pointOfSale", "total", "updatedAt", "voucherCode" FROM "Invoice";
DROP TABLE "Invoice";
ALTER TABLE "new_Invoice" RENAME TO "Invoice";
CREATE INDEX "Invoice_customerId_issueDate_idx" ON "Invoice"("customerId", "issueDate");
CREATE INDEX "Invoice_dueDate_balanceCents_idx" ON "Invoice"("dueDate", "balanceCents");
CREATE INDEX "Invoice_appliesToId_idx" ON "Invoice"("appliesToId");
CREATE UNIQUE INDEX "Invoice_kind_letter_pointOfSale_number_key" ON "Invoice"("kind", "letter", "pointOfSale", "number");
CREATE TABLE "new_CustomerTemplate" (
    "customerId" TEXT NOT NULL PRIMARY KEY,
    "template" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CustomerTemplate_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_CustomerTemplate" ("customerId", "updatedAt") SELECT "customerId", "updatedAt" FROM "CustomerTemplate";
DROP TABLE "CustomerTemplate";
ALTER TABLE "new_CustomerTemplate" RENAME TO "CustomerTemplate";
CREATE TABLE "new_ReminderLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "invoiceId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "asOf" TEXT NOT NULL,
    "sentOn" TEXT NOT NULL,
    "runId" TEXT,
    "deliveryId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReminderLog_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ReminderLog" ("createdAt", "deliveryId", "id", "invoiceId", "step") SELECT "createdAt", "deliveryId", "id", "invoiceId", "step" FROM "ReminderLog";
DROP TABLE "ReminderLog";
ALTER TABLE "new_ReminderLog" RENAME TO "ReminderLog";
CREATE INDEX "ReminderLog_runId_idx" ON "ReminderLog"("runId");
CREATE UNIQUE INDEX "ReminderLog_invoiceId_step_key" ON "ReminderLog"("invoiceId", "step");
CREATE UNIQUE INDEX "ReminderLog_invoiceId_sentOn_key" ON "ReminderLog"("invoiceId", "sentOn");
CREATE TABLE "new_SlackPost" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purpose" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "stale" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "claimedBy" TEXT,
    "claimedUntil" DATETIME,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SlackPost" ("channel", "createdAt", "id", "purpose", "subjectId", "ts") SELECT "channel", "createdAt", "id", "purpose", "subjectId", "ts" FROM "SlackPost";
DROP TABLE "SlackPost";
ALTER TABLE "new_SlackPost" RENAME TO "SlackPost";
CREATE INDEX "SlackPost_status_nextAttemptAt_idx" ON "SlackPost"("status", "nextAttemptAt");
CREATE UNIQUE INDEX "SlackPost_purpose_subjectId_key" ON "SlackPost"("purpose", "subjectId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ReminderRun_lockKey_key" ON "ReminderRun"("lockKey");

-- Hand-written. The stored balance of existing invoices, as balanceOf computed it.
UPDATE "Invoice" SET "balanceCents" = CASE WHEN "kind" = 'NOTA_CREDITO' THEN 0 ELSE
    CAST(ROUND(CAST("total" AS REAL) * 100) AS INTEGER)
    - COALESCE((SELECT SUM(CAST(ROUND(CAST(p."amount" AS REAL) * 100) AS INTEGER)) FROM "Payment" p WHERE p."invoiceId" = "Invoice"."id"), 0)
    - COALESCE((SELECT SUM(CAST(ROUND(CAST(n."total" AS REAL) * 100) AS INTEGER)) FROM "Invoice" n WHERE n."appliesToId" = "Invoice"."id" AND n."kind" = 'NOTA_CREDITO'), 0)
END;
