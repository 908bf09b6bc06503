import { Injectable } from '@nestjs/common';
import { todayIn } from '../common/calendar-date';
import { Clock } from '../common/clock';
import { dec, fromCentsInteger, sum } from '../common/decimal';
import { AppConfig } from '../config/app-config';
import { CompanyService } from '../company/company.service';
import { CustomersService } from '../customers/customers.service';
import type { CustomerRecord } from '../customers/customers.repository';
import { InvoiceLedgerRepository } from './invoice-ledger.repository';
import type { InvoiceListQuery } from './invoice-list.query';
import type { AccountStatement, CustomerBalance, LedgerFilter, LedgerPage, LedgerPosition } from './ledger';
import { encodeCursor } from './ledger-cursor';

/**
 * A customer's account: pages of documents, balances per currency and the
 * account statement, for the REST API and the portal. Every figure comes
 * from the stored balances; "today" is the business day of APP_TIMEZONE.
 */
@Injectable()
export class InvoiceLedgerService {
  constructor(
    private readonly ledger: InvoiceLedgerRepository,
    private readonly customers: CustomersService,
    private readonly company: CompanyService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** GET /api/invoices: the listing, a customer named by its ref (404 when unknown). */
  async list(query: InvoiceListQuery): Promise<LedgerPage> {
    const customer = query.customerRef === undefined ? undefined : await this.customers.getByRef(query.customerRef);
    const { status, dueBefore, issuedFrom, issuedTo } = query;
    const filter = { status, dueBefore, issuedFrom, issuedTo };
    return customer ? this.customerPage(customer, filter, query.limit, query.cursor) : this.page(filter, query.limit, query.cursor);
  }

  /** One customer's page (the portal's): the customer is known, so nothing is joined. */
  customerPage(customer: CustomerRecord, filter: Omit<LedgerFilter, 'customerId'>, limit: number, position?: LedgerPosition): Promise<LedgerPage> {
    return this.page({ ...filter, customerId: customer.id }, limit, position, customer);
  }

  /** One page, newest first, with cursors to the pages next to it. */
  async page(filter: LedgerFilter, limit: number, position?: LedgerPosition, customer?: CustomerRecord): Promise<LedgerPage> {
    const known = customer && { ref: customer.ref, name: customer.name };
    const { entries, more } = await this.ledger.page(filter, this.today(), limit, position, known);
    const first = entries[0];
    const last = entries.at(-1);
    const backwards = position?.direction === 'before';
    // Going forwards there is a previous page whenever we started from a
    // cursor; going backwards there is a next one. `more` tells the other side.
    const hasNext = backwards || more;
    const hasPrevious = backwards ? more : Boolean(position);
    return {
      entries,
      nextCursor: hasNext && last ? encodeCursor({ ...sortKey(last), direction: 'after' }) : null,
      previousCursor: hasPrevious && first ? encodeCursor({ ...sortKey(first), direction: 'before' }) : null,
    };
  }

  /** GET /api/customers/:ref/balance. */
  async balanceByRef(ref: string): Promise<{ customer: CustomerRecord; balance: CustomerBalance }> {
    const customer = await this.customers.getByRef(ref);
    return { customer, balance: await this.balance(customer.id) };
  }

  /** What the customer owes per currency and how much of it is overdue. */
  balance(customerId: string): Promise<CustomerBalance> {
    return this.balanceAsOf(customerId, this.today());
  }

  /** The account statement as of today: open documents, oldest first, and the balances. */
  async statement(customer: CustomerRecord): Promise<AccountStatement> {
    const asOf = this.today();
    const [company, entries, balance] = await Promise.all([
      this.company.require(),
      this.ledger.open(customer, asOf),
      this.balanceAsOf(customer.id, asOf),
    ]);
    const { id, portalTokenVersion, portalTokenHash, createdAt, updatedAt, ...customerDoc } = customer;
    const { portalEnabled, autoSendOnSave, updatedAt: companyUpdatedAt, ...companyDoc } = company;
    return { asOf, company: companyDoc, customer: customerDoc, entries, balances: balance.currencies };
  }

  today(): string {
    return todayIn(this.config.timezone, this.clock.now());
  }

  private async balanceAsOf(customerId: string, asOf: string): Promise<CustomerBalance> {
    const totals = await this.ledger.totals(customerId, asOf);
    const credits = totals.some((t) => t.unappliedCreditNotes > 0) ? await this.ledger.unappliedCredits(customerId) : [];
    // Pesos first: most customers only have them, and they lead wherever shown.
    const ordered = [...totals].sort((a, b) => Number(b.currency === 'PES') - Number(a.currency === 'PES') || a.currency.localeCompare(b.currency));
    return {
      asOf,
      currencies: ordered.map((t) => {
        const credit = sum(credits.filter((c) => c.currency === t.currency).map((c) => c.total));
        return {
          currency: t.currency,
          balance: dec(fromCentsInteger(t.balanceCents)).minus(credit).toFixed(2),
          overdue: fromCentsInteger(t.overdueCents),
          unappliedCredit: credit.toFixed(2),
          openDocuments: t.openDocuments,
          overdueDocuments: t.overdueDocuments,
        };
      }),
    };
  }
}

function sortKey(entry: { issueDate: string; number: number; id: string }) {
  return { issueDate: entry.issueDate, number: entry.number, id: entry.id };
}
