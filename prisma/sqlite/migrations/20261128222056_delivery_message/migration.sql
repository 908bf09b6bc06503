-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "invoiceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "fromName" TEXT NOT NULL,
    "replyTo" TEXT,
    "to" TEXT NOT NULL,
    "bcc" TEXT,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "textBody" TEXT NOT NULL,
    "htmlBody" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "requestedBy" TEXT,
    "idempotencyKey" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "claimedBy" TEXT,
    "claimedUntil" DATETIME,
    "providerMessageId" TEXT,
    "error" TEXT,
    "lastEvent" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Delivery_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Delivery" ("attempts", "bcc", "claimedBy", "claimedUntil", "createdAt", "error", "fromName", "htmlBody", "id", "idempotencyKey", "invoiceId", "kind", "lastEvent", "nextAttemptAt", "providerMessageId", "replyTo", "requestedBy", "sentAt", "status", "subject", "template", "textBody", "to", "updatedAt") SELECT "attempts", "bcc", "claimedBy", "claimedUntil", "createdAt", "error", "fromName", "htmlBody", "id", "idempotencyKey", "invoiceId", "kind", "lastEvent", "nextAttemptAt", "providerMessageId", "replyTo", "requestedBy", "sentAt", "status", "subject", "template", "textBody", "to", "updatedAt" FROM "Delivery";
DROP TABLE "Delivery";
ALTER TABLE "new_Delivery" RENAME TO "Delivery";
CREATE UNIQUE INDEX "Delivery_idempotencyKey_key" ON "Delivery"("idempotencyKey");
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");
CREATE INDEX "Delivery_invoiceId_idx" ON "Delivery"("invoiceId");
CREATE INDEX "Delivery_providerMessageId_idx" ON "Delivery"("providerMessageId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
