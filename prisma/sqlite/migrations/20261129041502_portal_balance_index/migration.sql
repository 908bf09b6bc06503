-- CreateIndex
CREATE INDEX "Invoice_customerId_currency_balanceCents_dueDate_kind_appliesToId_idx" ON "Invoice"("customerId", "currency", "balanceCents", "dueDate", "kind", "appliesToId");
