import type { DocType, InvoiceKind, IvaCondition, Letter } from './voucher';

/**
 * Everything a rendered invoice shows: the PDF, the e-mail and the portal
 * read this plain object, never Prisma rows. Money, quantities and rates are
 * exact decimal strings ("1234.50"); dates are "YYYY-MM-DD".
 */
export interface InvoiceDocument {
  id: string;
  kind: InvoiceKind;
  letter: Letter;
  voucherCode: number;
  pointOfSale: number;
  number: number;
  /** "0001-00000123" */
  displayNumber: string;
  issueDate: string;
  dueDate: string | null;
  /** AFIP currency code: PES, DOL, 060 … */
  currency: string;
  exchangeRate: string;
  netTotal: string;
  ivaTotal: string;
  total: string;
  cae: string | null;
  caeDueDate: string | null;
  /** "Condición de venta" as printed: "Contado", "Cuenta corriente"… */
  saleCondition: string;
  items: InvoiceDocumentItem[];
  /** Net and IVA per rate, rates ascending; empty for letters without IVA. */
  taxTotals: { rate: string; net: string; iva: string }[];
  company: CompanyDocument;
  customer: CustomerDocument;
}

export interface InvoiceDocumentItem {
  code: string | null;
  description: string;
  quantity: string;
  /** Net of IVA. */
  unitPrice: string;
  ivaRate: string;
  /** quantity × unitPrice, rounded half-up to cents, net of IVA. */
  lineNet: string;
}

export interface CompanyDocument {
  legalName: string;
  cuit: string;
  ivaCondition: IvaCondition;
  grossIncomeNumber: string | null;
  activityStartDate: string | null;
  address: string;
  email: string;
}

export interface CustomerDocument {
  ref: string;
  name: string;
  docType: DocType;
  docNumber: string | null;
  ivaCondition: IvaCondition;
  address: string | null;
  email: string | null;
}
