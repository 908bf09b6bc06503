import { dec, sum, toCents } from '../common/decimal';
import type { InvoiceRecord } from './invoice.record';

export type InvoiceStatus = 'pagada' | 'pendiente' | 'vencida';

/**
 * What the customer still owes on this document: total − payments − credit
 * notes applied to it. A credit note is itself a credit, not a debt, so it
 * carries no balance of its own.
 */
export function balanceOf(invoice: Pick<InvoiceRecord, 'kind' | 'total' | 'payments' | 'creditNoteTotals'>): string {
  if (invoice.kind === 'NOTA_CREDITO') return '0.00';
  const paid = sum(invoice.payments.map((p) => p.amount));
  const credited = sum(invoice.creditNoteTotals);
  return toCents(dec(invoice.total).minus(paid).minus(credited));
}

/** `today` is "YYYY-MM-DD" in the business time zone. */
export function statusOf(balance: string, dueDate: string | null, today: string): InvoiceStatus {
  if (dec(balance).lte(0)) return 'pagada';
  if (dueDate && dueDate < today) return 'vencida';
  return 'pendiente';
}
