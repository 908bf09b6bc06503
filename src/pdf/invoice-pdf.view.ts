import { dec, Dec, toCents } from '../common/decimal';
import { formatDateAr, formatMoneyAr, formatNumberAr, formatQuantityAr } from '../common/format';
import type { CompanyDocument, InvoiceDocument, InvoiceDocumentItem } from '../invoices/invoice-document';
import {
  carriesNoIva,
  discriminatesIva,
  DOC_TYPE_LABELS,
  DOCUMENT_TITLES,
  FILE_PREFIXES,
  IVA_CONDITION_LABELS,
} from '../invoices/voucher';
import { afipQrUrl } from './afip-qr';

/**
 * What templates/invoice-pdf.liquid prints, every number and date already
 * formatted es-AR so the template only places text. It is also the input of
 * the PDF's content hash, so it must be a pure function of the document.
 */
export interface InvoicePdfView {
  title: string;
  letter: string;
  /** AFIP voucher type code, 3 digits: "006". */
  voucherCode: string;
  pointOfSale: string;
  number: string;
  displayNumber: string;
  issueDate: string;
  dueDate: string;
  /** "Condición de venta": Contado, Cuenta corriente… */
  saleCondition: string;
  issuer: {
    legalName: string;
    address: string;
    ivaCondition: string;
    cuit: string;
    grossIncomeNumber: string;
    activityStartDate: string;
  };
  receiver: {
    name: string;
    /** "CUIT", "DNI" …; empty when the document has no number to show. */
    docType: string;
    docNumber: string;
    ivaCondition: string;
    address: string;
  };
  /** A and M: IVA apart (rate column and breakdown); B: prices with IVA included. */
  ivaMode: 'discriminated' | 'included' | 'none';
  /** M vouchers carry the withholding legend (RG 1575). */
  subjectToWithholding: boolean;
  showCodes: boolean;
  /** Columns of the items table, for the header cell that spans them. */
  columnCount: number;
  items: {
    code: string;
    description: string;
    quantity: string;
    unitPrice: string;
    ivaRate: string;
    lineTotal: string;
  }[];
  /** Set when the currency is not pesos: "DOL", "1.050,00". */
  foreignCurrency: { code: string; exchangeRate: string } | null;
  totals: {
    /** Per IVA rate (discriminated mode only). */
    taxLines: { rate: string; net: string; iva: string }[];
    netTotal: string;
    otherTaxes: string;
    total: string;
    /** IVA contained in the prices (B, Ley 27.743). */
    ivaContained: string;
    otherIndirectTaxes: string;
  };
  cae: { number: string; dueDate: string; qrUrl: string } | null;
}

export function buildInvoicePdfView(doc: InvoiceDocument): InvoicePdfView {
  const ivaMode = discriminatesIva(doc.letter) ? 'discriminated' : carriesNoIva(doc.letter) ? 'none' : 'included';
  const money = (value: string | Dec) => formatMoneyAr(value, doc.currency);
  const zero = money('0');
  const showCodes = doc.items.some((item) => Boolean(item.code));
  const hasDocNumber = Boolean(doc.customer.docNumber?.trim());

  return {
    title: DOCUMENT_TITLES[doc.kind],
    letter: doc.letter,
    voucherCode: String(doc.voucherCode).padStart(3, '0'),
    // 4 digits, 5 when the point of sale needs them: padStart never truncates.
    pointOfSale: String(doc.pointOfSale).padStart(4, '0'),
    number: String(doc.number).padStart(8, '0'),
    displayNumber: doc.displayNumber,
    issueDate: formatDateAr(doc.issueDate),
    dueDate: formatDateAr(doc.dueDate),
    saleCondition: doc.saleCondition,
    issuer: issuerView(doc.company),
    receiver: {
      name: doc.customer.name,
      docType: hasDocNumber ? DOC_TYPE_LABELS[doc.customer.docType] : '',
      docNumber: hasDocNumber ? formatDocNumber(doc.customer.docType, doc.customer.docNumber!) : '',
      ivaCondition: IVA_CONDITION_LABELS[doc.customer.ivaCondition],
      address: doc.customer.address ?? '',
    },
    ivaMode,
    subjectToWithholding: doc.letter === 'M',
    showCodes,
    columnCount: 4 + (showCodes ? 1 : 0) + (ivaMode === 'discriminated' ? 1 : 0),
    items: doc.items.map((item) => itemView(item, ivaMode)),
    foreignCurrency:
      doc.currency === 'PES' ? null : { code: doc.currency, exchangeRate: formatAmount(doc.exchangeRate, 6) },
    totals: {
      taxLines:
        ivaMode === 'discriminated'
          ? doc.taxTotals.map((t) => ({ rate: formatRate(t.rate), net: money(t.net), iva: money(t.iva) }))
          : [],
      netTotal: money(doc.netTotal),
      otherTaxes: zero,
      total: money(doc.total),
      ivaContained: money(doc.ivaTotal),
      otherIndirectTaxes: zero,
    },
    cae: doc.cae
      ? { number: doc.cae, dueDate: formatDateAr(doc.caeDueDate), qrUrl: afipQrUrl(doc) }
      : null,
  };
}

/** The issuer's block, as every document the company prints shows it (invoices, account statements). */
export function issuerView(company: CompanyDocument): InvoicePdfView['issuer'] {
  return {
    legalName: company.legalName,
    address: company.address,
    ivaCondition: IVA_CONDITION_LABELS[company.ivaCondition],
    cuit: formatCuit(company.cuit),
    grossIncomeNumber: company.grossIncomeNumber ?? '',
    activityStartDate: formatDateAr(company.activityStartDate),
  };
}

/** Factura-B-0001-00000123.pdf */
export function invoicePdfFileName(doc: InvoiceDocument): string {
  return `${FILE_PREFIXES[doc.kind]}-${doc.letter}-${doc.displayNumber}.pdf`;
}

function itemView(item: InvoiceDocumentItem, ivaMode: InvoicePdfView['ivaMode']): InvoicePdfView['items'][number] {
  // A letter B voucher goes to someone who cannot compute IVA credit, so it
  // shows final prices: net × (1 + rate), exact, then rounded half-up.
  const factor = ivaMode === 'included' ? dec(item.ivaRate).dividedBy(100).plus(1) : dec(1);
  const unitPrice = dec(item.unitPrice).times(factor);
  const lineTotal = ivaMode === 'included' ? dec(item.quantity).times(unitPrice) : dec(item.lineNet);
  return {
    code: item.code ?? '',
    description: item.description,
    quantity: formatQuantityAr(item.quantity),
    unitPrice: ivaMode === 'included' ? formatAmount(toCents(unitPrice), 2) : formatAmount(item.unitPrice, 6),
    ivaRate: formatRate(item.ivaRate),
    lineTotal: formatAmount(toCents(lineTotal), 2),
  };
}

/** At least two decimals, more when the value has them (a unit price of 0,125 stays exact). */
function formatAmount(value: string, maxDecimals: number): string {
  const places = Math.min(Math.max(dec(value).decimalPlaces(), 2), maxDecimals);
  return formatNumberAr(value, places);
}

/** "10.5" → "10,5%" */
function formatRate(rate: string): string {
  return `${formatQuantityAr(rate)}%`;
}

export function formatCuit(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length === 11 ? `${digits.slice(0, 2)}-${digits.slice(2, 10)}-${digits.slice(10)}` : value;
}

export function formatDocNumber(docType: string, value: string): string {
  return docType === 'CUIT' || docType === 'CUIL' ? formatCuit(value) : value;
}
