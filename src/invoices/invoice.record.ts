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

export interface NewInvoice {
  kind: InvoiceDocument['kind'];
  letter: InvoiceDocument['letter'];
  voucherCode: number;
  pointOfSale: number;
  number: number;
  issueDate: string;
  dueDate: string | null;
  customerId: string;
  currency: string;
  exchangeRate: string;
  netTotal: string;
  ivaTotal: string;
  total: string;
  cae: string | null;
  caeDueDate: string | null;
  appliesToId: string | null;
  items: InvoiceDocument['items'];
  taxTotals: InvoiceDocument['taxTotals'];
}
