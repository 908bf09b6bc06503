import type { InvoiceDocument } from './invoice-document';

/** An invoice as stored. */
export interface InvoiceRecord extends Omit<InvoiceDocument, 'company'> {
  customerId: string;
  /** What the customer's portal link is derived from, read with the invoice (no second read per e-mail). */
  customerPortal: { id: string; portalTokenHash: string | null; portalTokenVersion: number };
  appliesToId: string | null;
  payments: { id: string; amount: string; date: string; createdAt: Date }[];
  /** What is still owed: total − payments − credit notes applied ("0.00" on a credit note). */
  balance: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A validated invoice with its computed totals, ready to insert. */
export type NewInvoice = Omit<InvoiceDocument, 'id' | 'displayNumber' | 'company' | 'customer'> & {
  customerId: string;
  appliesToId: string | null;
};

/** An invoice as stored, without its payments: what its documents (PDF, e-mail) are made of. */
export type InvoiceDocumentRecord = Omit<InvoiceRecord, 'payments'>;
