import type { InvoiceDocument } from './invoice-document';

/** An invoice as stored, with what its balance needs. */
export interface InvoiceRecord extends Omit<InvoiceDocument, 'company'> {
  customerId: string;
  appliesToId: string | null;
  payments: { id: string; amount: string; date: string; createdAt: Date }[];
  /** Totals of the credit notes applied to this invoice. */
  creditNoteTotals: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A validated invoice with its computed totals, ready to insert. */
export type NewInvoice = Omit<InvoiceDocument, 'id' | 'displayNumber' | 'company' | 'customer'> & {
  customerId: string;
  appliesToId: string | null;
};
