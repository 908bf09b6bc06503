import { dec } from '../common/decimal';

export type InvoiceStatus = 'pagada' | 'pendiente' | 'vencida';

/** `today` is "YYYY-MM-DD" in the business time zone. */
export function statusOf(balance: string, dueDate: string | null, today: string): InvoiceStatus {
  if (dec(balance).lte(0)) return 'pagada';
  if (dueDate && dueDate < today) return 'vencida';
  return 'pendiente';
}
