import { AppError } from '../common/app-error';
import { isCalendarDate } from '../common/calendar-date';
import { messages } from '../common/messages';
import type { InvoiceStatus } from './invoice-balance';
import { LEDGER_STATUSES, type LedgerPosition } from './ledger';
import { decodeCursor } from './ledger-cursor';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** GET /api/invoices without `number`: the listing's filters, page size and cursor. */
export interface InvoiceListQuery {
  customerRef?: string;
  status?: InvoiceStatus;
  dueBefore?: string;
  issuedFrom?: string;
  issuedTo?: string;
  limit: number;
  cursor?: LedgerPosition;
}

export const LIST_PARAMETERS = ['customerRef', 'status', 'dueBefore', 'issuedFrom', 'issuedTo', 'limit', 'cursor'] as const;

/**
 * Reads the listing's query string. An unknown, repeated or malformed
 * parameter is a 400 naming it: a typo must not silently list everything.
 */
export function parseInvoiceListQuery(query: Record<string, unknown>): InvoiceListQuery {
  for (const name of Object.keys(query)) {
    if (!(LIST_PARAMETERS as readonly string[]).includes(name)) {
      throw invalid(messages.invoiceList.unknownParameter(clip(name), LIST_PARAMETERS.join(', ')), clip(name));
    }
  }
  const text = (name: string) => single(query[name], name);
  const customerRef = text('customerRef');
  const result: InvoiceListQuery = {
    ...(customerRef !== undefined ? { customerRef } : {}),
    ...optional('status', parseStatusParam(text('status'), 'status')),
    ...optional('dueBefore', parseDateParam(text('dueBefore'), 'dueBefore')),
    ...optional('issuedFrom', parseDateParam(text('issuedFrom'), 'issuedFrom')),
    ...optional('issuedTo', parseDateParam(text('issuedTo'), 'issuedTo')),
    limit: parseLimitParam(text('limit'), 'limit'),
    ...optional('cursor', parseCursorParam(text('cursor'), 'cursor')),
  };
  checkDateRange(result.issuedFrom, result.issuedTo, 'issuedFrom', 'issuedTo');
  return result;
}

/** One value of a query parameter: repeated parameters are refused, empty ones count as absent. */
export function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(messages.invoiceList.repeatedParameter(name), name);
  return value.trim() === '' ? undefined : value.trim();
}

export function parseStatusParam(value: string | undefined, name: string): InvoiceStatus | undefined {
  if (value === undefined) return undefined;
  const status = value.toLowerCase() as InvoiceStatus;
  if (!LEDGER_STATUSES.includes(status)) throw invalid(messages.invoiceList.invalidStatus(name, clip(value)), name);
  return status;
}

export function parseDateParam(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value)) throw invalid(messages.invoiceList.invalidDate(name, clip(value)), name);
  return value;
}

export function parseLimitParam(value: string | undefined, name: string): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) throw invalid(messages.invoiceList.invalidLimit(name, MAX_PAGE_SIZE), name);
  return limit;
}

export function parseCursorParam(value: string | undefined, name: string): LedgerPosition | undefined {
  if (value === undefined) return undefined;
  const position = decodeCursor(value);
  if (!position) throw invalid(messages.invoiceList.invalidCursor(name), name);
  return position;
}

/** "from" after "to" can match nothing: say so rather than answer an empty page. */
export function checkDateRange(from: string | undefined, to: string | undefined, fromName: string, toName: string): void {
  if (from && to && to < from) throw invalid(messages.invoiceList.invertedRange(fromName, toName), toName);
}

function invalid(message: string, field: string): AppError {
  return AppError.badRequest('invalid_query', message, field);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Echoed input stays short and on one line. */
function clip(value: string): string {
  const oneLine = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine;
}
