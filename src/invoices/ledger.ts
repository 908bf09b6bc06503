import type { InvoiceStatus } from './invoice-balance';
import type { CompanyDocument, CustomerDocument } from './invoice-document';
import type { InvoiceKind, Letter } from './voucher';

/**
 * A customer's account (cuenta corriente) as lists and sums: what the portal,
 * GET /api/invoices and the account statement read. Built from the stored
 * balance of each document, never from its payments.
 */
export const LEDGER_STATUSES: readonly InvoiceStatus[] = ['pagada', 'pendiente', 'vencida'];

/** Filters of a listing; every one optional, all of them ANDed. */
export interface LedgerFilter {
  customerId?: string;
  status?: InvoiceStatus;
  /** Due strictly before this day (documents without a due date never match). */
  dueBefore?: string;
  /** Issued on or after this day. */
  issuedFrom?: string;
  /** Issued on or before this day. */
  issuedTo?: string;
}

/** Where a page starts: just after (older than) or just before (newer than) one document of the order. */
export interface LedgerPosition {
  issueDate: string;
  number: number;
  id: string;
  direction: 'after' | 'before';
}

/** One document of a listing, without items or payments. */
export interface LedgerEntry {
  id: string;
  kind: InvoiceKind;
  letter: Letter;
  voucherCode: number;
  pointOfSale: number;
  number: number;
  displayNumber: string;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  total: string;
  /** What is still owed ("0.00" on a credit note). */
  balance: string;
  /** total − balance: payments and credit notes applied. */
  paid: string;
  status: InvoiceStatus;
  appliesToId: string | null;
  customerId: string;
  customerRef: string;
  customerName: string;
}

/** A page of a listing, newest first, with opaque cursors to its neighbours. */
export interface LedgerPage {
  entries: LedgerEntry[];
  nextCursor: string | null;
  previousCursor: string | null;
}

/** A customer's account in one currency; amounts never mix currencies. */
export interface CurrencyBalance {
  currency: string;
  /** What the customer owes: every document's balance minus credit notes not applied to an invoice. */
  balance: string;
  /** The part of it already due: balances of documents past their due date. */
  overdue: string;
  /** Credit notes not applied to any invoice (a credit in the customer's favour). */
  unappliedCredit: string;
  openDocuments: number;
  overdueDocuments: number;
}

export interface CustomerBalance {
  /** "YYYY-MM-DD" in the business time zone. */
  asOf: string;
  currencies: CurrencyBalance[];
}

/** What the account statement PDF prints: open documents, oldest first, and the balances. */
export interface AccountStatement {
  asOf: string;
  company: CompanyDocument;
  customer: CustomerDocument;
  entries: LedgerEntry[];
  balances: CurrencyBalance[];
}
