import { dec } from '../common/decimal';
import { formatDateAr, formatMoneyAr } from '../common/format';
import type { CompanyRecord } from '../company/company.repository';
import type { CustomerRecord } from '../customers/customers.repository';
import type { InvoiceStatus } from '../invoices/invoice-balance';
import type { CustomerBalance, LedgerEntry, LedgerPage } from '../invoices/ledger';
import type { PortalFilters } from './portal-query';

/** How a row reads: an invoice's status, or what became of a credit note. */
type RowState = InvoiceStatus | 'aplicada' | 'a_favor';

/**
 * What templates/portal/page.liquid reads, amounts and dates already in
 * es-AR form ("$ 1.234,56", "14/07/2020"): formatted here once rather than
 * by a Liquid filter per cell, which cost more than the rest of the page.
 * The template still escapes every value on output.
 */
export interface PortalPageView {
  company: { name: string; cuit: string };
  customer: { name: string };
  asOf: string;
  balances: {
    currency: string;
    balance: string;
    overdue: string;
    unappliedCredit: string;
    hasCredit: boolean;
    openDocuments: number;
    overdueDocuments: number;
  }[];
  showCurrencyNames: boolean;
  filters: { status: string; from: string; to: string };
  filtered: boolean;
  rows: {
    kind: string;
    letter: string;
    displayNumber: string;
    issueDate: string;
    dueDate: string | null;
    total: string;
    paid: string | null;
    balance: string;
    state: RowState;
    pdfUrl: string;
  }[];
  links: { self: string; statement: string; next: string | null; previous: string | null };
}

/** The links of one customer's portal: every path below the token, with PUBLIC_URL's own path in front. */
export class PortalLinks {
  constructor(readonly base: string) {}

  get page(): string {
    return this.base;
  }
  get statement(): string {
    return `${this.base}/estado-de-cuenta.pdf`;
  }
  invoicePdf(invoiceId: string): string {
    return `${this.base}/facturas/${invoiceId}.pdf`;
  }
  /** The page with these filters and cursor; empty values are left out. */
  withQuery(filters: PortalFilters, cursor: string | null): string {
    const query = new URLSearchParams();
    if (filters.status) query.set('estado', filters.status);
    if (filters.from) query.set('desde', filters.from);
    if (filters.to) query.set('hasta', filters.to);
    if (cursor) query.set('pagina', cursor);
    const text = query.toString();
    return text ? `${this.base}?${text}` : this.base;
  }
}

export function buildPortalPageView(input: {
  company: CompanyRecord;
  customer: CustomerRecord;
  balance: CustomerBalance;
  page: LedgerPage;
  filters: PortalFilters;
  links: PortalLinks;
}): PortalPageView {
  const { company, customer, balance, page, filters, links } = input;
  // A customer with no documents yet still sees a zero balance in pesos.
  const currencies = balance.currencies.length
    ? balance.currencies
    : [{ currency: 'PES', balance: '0.00', overdue: '0.00', unappliedCredit: '0.00', openDocuments: 0, overdueDocuments: 0 }];
  return {
    company: { name: company.legalName, cuit: company.cuit },
    customer: { name: customer.name },
    asOf: formatDateAr(balance.asOf),
    balances: currencies.map((c) => ({
      ...c,
      balance: formatMoneyAr(c.balance, c.currency),
      overdue: formatMoneyAr(c.overdue, c.currency),
      unappliedCredit: formatMoneyAr(c.unappliedCredit, c.currency),
      hasCredit: dec(c.unappliedCredit).gt(0),
    })),
    showCurrencyNames: currencies.length > 1 || currencies[0].currency !== 'PES',
    filters: { status: filters.status ?? '', from: filters.from ?? '', to: filters.to ?? '' },
    filtered: Boolean(filters.status || filters.from || filters.to),
    rows: page.entries.map((entry) => row(entry, links)),
    links: {
      self: links.page,
      statement: links.statement,
      next: page.nextCursor ? links.withQuery(filters, page.nextCursor) : null,
      previous: page.previousCursor ? links.withQuery(filters, page.previousCursor) : null,
    },
  };
}

/**
 * A credit note is a credit, not a debt: its total shows negative, nothing
 * is "paid" on it, and one applied to no invoice keeps its amount as the
 * customer's balance in favour (so the rows add up to the balance above).
 */
function row(entry: LedgerEntry, links: PortalLinks): PortalPageView['rows'][number] {
  const credit = entry.kind === 'NOTA_CREDITO';
  const unapplied = credit && !entry.appliesToId;
  const negatedTotal = credit ? dec(entry.total).negated().toFixed(2) : null;
  return {
    kind: entry.kind,
    letter: entry.letter,
    displayNumber: entry.displayNumber,
    issueDate: formatDateAr(entry.issueDate),
    dueDate: entry.dueDate ? formatDateAr(entry.dueDate) : null,
    total: formatMoneyAr(negatedTotal ?? entry.total, entry.currency),
    paid: credit ? null : formatMoneyAr(entry.paid, entry.currency),
    balance: formatMoneyAr(unapplied ? negatedTotal! : entry.balance, entry.currency),
    state: credit ? (unapplied ? 'a_favor' : 'aplicada') : entry.status,
    pdfUrl: links.invoicePdf(entry.id),
  };
}
