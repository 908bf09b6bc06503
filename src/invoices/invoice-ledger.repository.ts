import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/sqlite/client';
import { fromCentsInteger, toCentsInteger } from '../common/decimal';
import { PrismaService } from '../database/prisma.service';
import { statusOfCents } from './invoice-balance';
import { formatInvoiceNumber } from './invoice-number.parser';
import type { LedgerEntry, LedgerFilter, LedgerPosition } from './ledger';
import type { InvoiceKind, Letter } from './voucher';

const ENTRY_SELECT = {
  id: true, kind: true, letter: true, voucherCode: true, pointOfSale: true, number: true, issueDate: true,
  dueDate: true, currency: true, total: true, balanceCents: true, appliesToId: true, customerId: true,
} as const;
const ENTRY_WITH_CUSTOMER_SELECT = { ...ENTRY_SELECT, customer: { select: { ref: true, name: true } } } as const;

type EntryRow = Prisma.InvoiceGetPayload<{ select: typeof ENTRY_SELECT }>;

/** Who the documents belong to, when the caller already knows (one customer's page): no join then. */
export type KnownCustomer = { ref: string; name: string };

/** Sums of one customer's documents in one currency, in cents. */
export interface CurrencyTotals {
  currency: string;
  balanceCents: bigint;
  overdueCents: bigint;
  openDocuments: number;
  overdueDocuments: number;
  /** Credit notes applied to no invoice: their totals are read separately (text amounts). */
  unappliedCreditNotes: number;
}

/**
 * The customer account's data access: listings and sums read from each
 * document's stored balance (Invoice.balanceCents), so a page or a total is
 * one indexed query however many payments there are. Filters by status are
 * conditions on that column and the due date; "today" comes from the caller.
 */
@Injectable()
export class InvoiceLedgerRepository {
  constructor(private readonly db: PrismaService) {}

  /**
   * One page newest first (issue date, number, id: a total order), starting
   * next to `position` (keyset: no OFFSET, so page 100 costs what page 1
   * does). `more` says whether another page lies in the same direction.
   */
  async page(
    filter: LedgerFilter,
    today: string,
    limit: number,
    position?: LedgerPosition,
    customer?: KnownCustomer,
  ): Promise<{ entries: LedgerEntry[]; more: boolean }> {
    const backwards = position?.direction === 'before';
    const order = backwards ? 'asc' : 'desc';
    const query = {
      where: { AND: [filterWhere(filter, today), ...(position ? [keysetWhere(position)] : [])] },
      orderBy: [{ issueDate: order }, { number: order }, { id: order }],
      take: limit + 1,
    } satisfies Prisma.InvoiceFindManyArgs;
    const rows: (EntryRow & { customer: KnownCustomer })[] = customer
      ? (await this.db.client.invoice.findMany({ ...query, select: ENTRY_SELECT })).map((row) => ({ ...row, customer }))
      : await this.db.client.invoice.findMany({ ...query, select: ENTRY_WITH_CUSTOMER_SELECT });
    const more = rows.length > limit;
    const pageRows = rows.slice(0, limit);
    if (backwards) pageRows.reverse();
    return { entries: pageRows.map((row) => toEntry(row, today)), more };
  }

  /**
   * Every sum the customer's balance needs, per currency, in one pass over
   * the customer's documents (the [customerId, issueDate] index).
   */
  async totals(customerId: string, today: string): Promise<CurrencyTotals[]> {
    const rows = await this.db.client.$queryRaw<Record<string, unknown>[]>`
      SELECT "currency" AS currency,
        CAST(SUM("balanceCents") AS BIGINT) AS balance,
        CAST(SUM(CASE WHEN "balanceCents" > 0 AND "dueDate" < ${today} THEN "balanceCents" ELSE 0 END) AS BIGINT) AS overdue,
        CAST(SUM(CASE WHEN "balanceCents" > 0 THEN 1 ELSE 0 END) AS BIGINT) AS open,
        CAST(SUM(CASE WHEN "balanceCents" > 0 AND "dueDate" < ${today} THEN 1 ELSE 0 END) AS BIGINT) AS "overdueCount",
        CAST(SUM(CASE WHEN "kind" = 'NOTA_CREDITO' AND "appliesToId" IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS unapplied
      FROM "Invoice" WHERE "customerId" = ${customerId}
      GROUP BY "currency" ORDER BY "currency"`;
    return rows.map((r) => ({
      currency: String(r.currency),
      balanceCents: toBigInt(r.balance),
      overdueCents: toBigInt(r.overdue),
      openDocuments: Number(r.open),
      overdueDocuments: Number(r.overdueCount),
      unappliedCreditNotes: Number(r.unapplied),
    }));
  }

  /** Totals of the customer's credit notes applied to no invoice (rare: read only when totals() counted some). */
  async unappliedCredits(customerId: string): Promise<{ currency: string; total: string }[]> {
    return this.db.client.invoice.findMany({
      where: { customerId, kind: 'NOTA_CREDITO', appliesToId: null },
      select: { currency: true, total: true },
    });
  }

  /**
   * What the account statement lists, oldest first: documents with a balance
   * either way, and credit notes applied to no invoice.
   */
  async open(customer: KnownCustomer & { id: string }, today: string): Promise<LedgerEntry[]> {
    const rows = await this.db.client.invoice.findMany({
      where: {
        customerId: customer.id,
        OR: [{ balanceCents: { not: 0 } }, { kind: 'NOTA_CREDITO', appliesToId: null }],
      },
      select: ENTRY_SELECT,
      orderBy: [{ issueDate: 'asc' }, { number: 'asc' }, { id: 'asc' }],
    });
    return rows.map((row) => toEntry({ ...row, customer }, today));
  }
}

/** The filters as conditions on indexed columns: status is a condition on the stored balance and the due date. */
function filterWhere(filter: LedgerFilter, today: string): Prisma.InvoiceWhereInput {
  const and: Prisma.InvoiceWhereInput[] = [];
  if (filter.customerId) and.push({ customerId: filter.customerId });
  if (filter.status === 'pagada') and.push({ balanceCents: { lte: 0 } });
  if (filter.status === 'vencida') and.push({ balanceCents: { gt: 0 }, dueDate: { lt: today } });
  if (filter.status === 'pendiente') and.push({ balanceCents: { gt: 0 }, OR: [{ dueDate: null }, { dueDate: { gte: today } }] });
  if (filter.dueBefore) and.push({ dueDate: { lt: filter.dueBefore } });
  if (filter.issuedFrom) and.push({ issueDate: { gte: filter.issuedFrom } });
  if (filter.issuedTo) and.push({ issueDate: { lte: filter.issuedTo } });
  return { AND: and };
}

/**
 * Rows strictly past `position` in the page's direction. The plain range on
 * issueDate lets the index skip what came before instead of filtering it.
 */
function keysetWhere(p: LedgerPosition): Prisma.InvoiceWhereInput {
  const past = p.direction === 'after' ? 'lt' : 'gt';
  const upTo = p.direction === 'after' ? 'lte' : 'gte';
  return {
    issueDate: { [upTo]: p.issueDate },
    OR: [
      { issueDate: { [past]: p.issueDate } },
      { issueDate: p.issueDate, number: { [past]: p.number } },
      { issueDate: p.issueDate, number: p.number, id: { [past]: p.id } },
    ],
  };
}

function toEntry(row: EntryRow & { customer: KnownCustomer }, today: string): LedgerEntry {
  const balance = fromCentsInteger(row.balanceCents);
  return {
    id: row.id,
    kind: row.kind as InvoiceKind,
    letter: row.letter as Letter,
    voucherCode: row.voucherCode,
    pointOfSale: row.pointOfSale,
    number: row.number,
    displayNumber: formatInvoiceNumber(row.pointOfSale, row.number),
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    currency: row.currency,
    total: row.total,
    balance,
    paid: fromCentsInteger(toCentsInteger(row.total) - row.balanceCents),
    status: statusOfCents(row.balanceCents, row.dueDate, today),
    appliesToId: row.appliesToId,
    customerId: row.customerId,
    customerRef: row.customer.ref,
    customerName: row.customer.name,
  };
}

/** SUMs come back as bigint, number or numeric text depending on the database. */
function toBigInt(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  return typeof value === 'bigint' ? value : BigInt(String(value));
}
