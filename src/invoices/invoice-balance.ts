import { toCentsInteger } from '../common/decimal';

export type InvoiceStatus = 'pagada' | 'pendiente' | 'vencida';

/**
 * `today` is "YYYY-MM-DD" in the business time zone. The same rule as the
 * listing's status filter (InvoiceLedgerRepository): nothing owed is pagada,
 * owed past the due date vencida, otherwise pendiente.
 */
export function statusOf(balance: string, dueDate: string | null, today: string): InvoiceStatus {
  return statusOfCents(toCentsInteger(balance), dueDate, today);
}

export function statusOfCents(balanceCents: bigint, dueDate: string | null, today: string): InvoiceStatus {
  if (balanceCents <= 0n) return 'pagada';
  if (dueDate && dueDate < today) return 'vencida';
  return 'pendiente';
}
