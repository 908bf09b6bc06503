-- Hand-written. Last-used templates were stored as Liquid, now as segments
-- that are never parsed. Rows in the former shape cannot be converted without
-- parsing them, so those customers start again from the original template.
-- ReminderLog and SlackPost had no writer yet.
DELETE FROM "CustomerTemplate";
DELETE FROM "ReminderLog";
DELETE FROM "SlackPost";

-- DropIndex
DROP INDEX "Invoice_customerId_idx";

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "balanceCents" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "saleCondition" TEXT NOT NULL DEFAULT 'Cuenta corriente';

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "learnedTemplate" TEXT,
ADD COLUMN     "note" TEXT,
ADD COLUMN     "origin" TEXT,
ADD COLUMN     "requestHash" TEXT;

-- AlterTable
ALTER TABLE "CustomerTemplate" DROP COLUMN "message",
DROP COLUMN "subject",
ADD COLUMN     "template" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "ReminderLog" DROP COLUMN "runDate",
ADD COLUMN     "asOf" TEXT NOT NULL,
ADD COLUMN     "runId" TEXT,
ADD COLUMN     "sentOn" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "SlackPost" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "claimedUntil" TIMESTAMP(3),
ADD COLUMN     "error" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3),
ADD COLUMN     "stale" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'pending',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL;

-- CreateTable
CREATE TABLE "ReminderRun" (
    "id" TEXT NOT NULL,
    "lockKey" TEXT,
    "trigger" TEXT NOT NULL,
    "asOf" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "summary" TEXT,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ReminderRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReminderRun_lockKey_key" ON "ReminderRun"("lockKey");

-- CreateIndex
CREATE INDEX "Invoice_customerId_issueDate_idx" ON "Invoice"("customerId", "issueDate");

-- CreateIndex
CREATE INDEX "Invoice_dueDate_balanceCents_idx" ON "Invoice"("dueDate", "balanceCents");

-- CreateIndex
CREATE INDEX "ReminderLog_runId_idx" ON "ReminderLog"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderLog_invoiceId_sentOn_key" ON "ReminderLog"("invoiceId", "sentOn");

-- CreateIndex
CREATE INDEX "SlackPost_status_nextAttemptAt_idx" ON "SlackPost"("status", "nextAttemptAt");

-- Hand-written. The stored balance of existing invoices, as balanceOf computed it.
UPDATE "Invoice" i SET "balanceCents" = CASE WHEN i."kind" = 'NOTA_CREDITO' THEN 0 ELSE
    ROUND(i."total"::numeric * 100)::bigint
    - COALESCE((SELECT SUM(ROUND(p."amount"::numeric * 100)) FROM "Payment" p WHERE p."invoiceId" = i."id"), 0)::bigint
    - COALESCE((SELECT SUM(ROUND(n."total"::numeric * 100)) FROM "Invoice" n WHERE n."appliesToId" = i."id" AND n."kind" = 'NOTA_CREDITO'), 0)::bigint
END;
