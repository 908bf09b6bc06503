import { formatDateAr, formatMoneyAr } from '../common/format';
import type { CompanyDocument, CustomerDocument, InvoiceDocument } from '../invoices/invoice-document';
import { DOCUMENT_NAMES } from '../invoices/voucher';

/** The invoice's values as an e-mail shows them, already formatted. */
export interface InvoiceMailValues {
  customerName: string;
  /** "factura", "nota de crédito", "nota de débito" */
  documentName: string;
  letter: string;
  /** "0001-00000123" */
  number: string;
  /** "$ 54,33" */
  total: string;
  /** "13-08-2020", or null when the invoice has none. */
  dueDate: string | null;
  companyName: string;
  /** The customer's portal page, or null when there is none to show. */
  portalUrl: string | null;
}

/** What a reminder adds: how late the invoice is and what is still owed. */
export interface ReminderMailValues {
  /** Days past the due date; negative before it. */
  daysOverdue: number;
  /** "$ 54,33" */
  balance: string;
}

/** The names templates use, always all present (strictVariables makes a missing one an error). */
export type MailVariable =
  | 'customer_name'
  | 'document_name'
  | 'letter'
  | 'number'
  | 'total'
  | 'due_date'
  | 'company_name'
  | 'portal_url';

export type MailScope = Record<MailVariable, string>;

/** What the values are made of: a whole InvoiceDocument, or the few columns the send dialog reads. */
export type MailValuesSource = Pick<InvoiceDocument, 'kind' | 'letter' | 'displayNumber' | 'total' | 'currency' | 'dueDate'> & {
  customer: Pick<CustomerDocument, 'name'>;
  company: Pick<CompanyDocument, 'legalName'>;
};

export function invoiceMailValues(doc: MailValuesSource, portalUrl: string | null): InvoiceMailValues {
  return {
    customerName: doc.customer.name,
    documentName: DOCUMENT_NAMES[doc.kind],
    letter: doc.letter,
    number: doc.displayNumber,
    total: formatMoneyAr(doc.total, doc.currency),
    dueDate: doc.dueDate ? formatDateAr(doc.dueDate, '-') : null,
    companyName: doc.company.legalName,
    portalUrl,
  };
}

export function mailScope(v: InvoiceMailValues): MailScope {
  return {
    customer_name: v.customerName,
    document_name: v.documentName,
    letter: v.letter,
    number: v.number,
    total: v.total,
    due_date: v.dueDate ?? '',
    company_name: v.companyName,
    portal_url: v.portalUrl ?? '',
  };
}

export function reminderScope(v: InvoiceMailValues, r: ReminderMailValues): Record<string, string | number> {
  return { ...mailScope(v), days_overdue: r.daysOverdue, balance: r.balance };
}
