import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Template } from 'liquidjs';
import { daysBetween } from '../common/calendar-date';
import { dec } from '../common/decimal';
import type { AccountStatement, LedgerEntry } from '../invoices/ledger';
import { IVA_CONDITION_LABELS } from '../invoices/voucher';
import { createSafeLiquid, TEMPLATES_DIR } from '../templates/liquid.factory';
import { ChromiumPool } from './chromium-pool';
import { formatDocNumber, issuerView } from './invoice-pdf.view';

export const STATEMENT_PDF_TEMPLATE = join(TEMPLATES_DIR, 'statement-pdf.liquid');

/** Time allowed per listed document on top of the pool's limit for one PDF. */
const STATEMENT_MS_PER_ROW = 5;

export interface StatementPdf {
  bytes: Buffer;
  /** Estado-de-cuenta-2024-06-03.pdf */
  fileName: string;
}

/**
 * The account statement (estado de cuenta) as of a day: AccountStatement →
 * HTML (templates/statement-pdf.liquid, the invoice's look) → PDF through the
 * same sealed Chromium pool. Not stored: it changes with every payment and
 * every day, and costs one render.
 */
@Injectable()
export class StatementPdfRenderer {
  private readonly engine = createSafeLiquid({ html: true });
  private readonly template: Template[];

  constructor(private readonly pool: ChromiumPool) {
    this.template = this.engine.parse(readFileSync(STATEMENT_PDF_TEMPLATE, 'utf8'), STATEMENT_PDF_TEMPLATE);
  }

  renderHtml(statement: AccountStatement): string {
    return this.engine.renderSync(this.template, statementView(statement)) as string;
  }

  async render(statement: AccountStatement): Promise<StatementPdf> {
    // Chromium prints ~45 rows a page at ~70 ms a page here: 5,000 open
    // documents are 114 pages and 8–11 s, more than an invoice's limit.
    const extraTimeoutMs = statement.entries.length * STATEMENT_MS_PER_ROW;
    const bytes = await this.pool.renderPdf(this.renderHtml(statement), { extraTimeoutMs });
    return { bytes, fileName: `Estado-de-cuenta-${statement.asOf}.pdf` };
  }
}

/** What the template prints: amounts stay decimal text for its `money` filter, dates ISO for `date_ar`. */
function statementView(s: AccountStatement) {
  const hasDocNumber = Boolean(s.customer.docNumber?.trim());
  return {
    asOf: s.asOf,
    issuer: { ...issuerView(s.company), email: s.company.email },
    receiver: {
      name: s.customer.name,
      docType: hasDocNumber ? s.customer.docType : '',
      docNumber: hasDocNumber ? formatDocNumber(s.customer.docType, s.customer.docNumber!) : '',
      ivaCondition: IVA_CONDITION_LABELS[s.customer.ivaCondition],
      address: s.customer.address ?? '',
    },
    rows: s.entries.map((e) => row(e, s.asOf)),
    balances: s.balances.map((b) => ({ ...b, hasCredit: dec(b.unappliedCredit).gt(0) })),
  };
}

/** As on the portal: a credit note counts against the balance, with its amount in favour when applied to no invoice. */
function row(e: LedgerEntry, asOf: string) {
  const credit = e.kind === 'NOTA_CREDITO';
  const unapplied = credit && !e.appliesToId;
  const overdue = !credit && e.status === 'vencida' && e.dueDate ? daysBetween(e.dueDate, asOf) : 0;
  return {
    kind: e.kind,
    letter: e.letter,
    displayNumber: e.displayNumber,
    issueDate: e.issueDate,
    dueDate: e.dueDate,
    currency: e.currency,
    total: credit ? dec(e.total).negated().toFixed(2) : e.total,
    paid: credit ? null : e.paid,
    balance: unapplied ? dec(e.total).negated().toFixed(2) : e.balance,
    daysOverdue: overdue,
  };
}
