import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/sqlite/client';
import { PrismaService } from '../database/prisma.service';
import { isUniqueViolation } from '../database/unique-violation';
import { formatInvoiceNumber } from './invoice-number.parser';
import { fromCentsInteger, toCentsInteger } from '../common/decimal';
import type { InvoiceNumberQuery } from './invoice-number.parser';
import type { InvoiceDocumentRecord, InvoiceRecord, NewInvoice } from './invoice.record';
import type { DocType, InvoiceKind, IvaCondition, Letter } from './voucher';

export class DuplicateInvoiceError extends Error {}
/** A credit note larger than what its invoice still owes, seen inside the transaction. */
export class CreditExceedsBalanceError extends Error {}

/** What a document (PDF, e-mail) shows: no payments, since the balance is stored on the invoice. */
const DOCUMENT_INCLUDE = {
  customer: true,
  items: { orderBy: { position: 'asc' } },
  taxTotals: true,
} as const;
const INCLUDE = { ...DOCUMENT_INCLUDE, payments: { orderBy: { createdAt: 'asc' } } } as const;

type DocumentRow = Prisma.InvoiceGetPayload<{ include: typeof DOCUMENT_INCLUDE }>;
type Row = Prisma.InvoiceGetPayload<{ include: typeof INCLUDE }>;

const SUMMARY = {
  id: true, kind: true, letter: true, pointOfSale: true, number: true, dueDate: true, total: true, currency: true, balanceCents: true,
  customer: { select: { name: true, email: true } },
} as const;

/** An invoice as a list of choices shows it. */
export type InvoiceSummary = Pick<InvoiceRecord, 'id' | 'kind' | 'letter' | 'pointOfSale' | 'number' | 'displayNumber' | 'dueDate' | 'total' | 'currency' | 'balance'> & {
  customer: Pick<InvoiceRecord['customer'], 'name' | 'email'>;
};

function toSummary(row: Prisma.InvoiceGetPayload<{ select: typeof SUMMARY }>): InvoiceSummary {
  return {
    id: row.id,
    kind: row.kind as InvoiceKind,
    letter: row.letter as Letter,
    pointOfSale: row.pointOfSale,
    number: row.number,
    displayNumber: formatInvoiceNumber(row.pointOfSale, row.number),
    dueDate: row.dueDate,
    total: row.total,
    currency: row.currency,
    balance: fromCentsInteger(row.balanceCents),
    customer: { name: row.customer.name, email: row.customer.email },
  };
}

@Injectable()
export class InvoicesRepository {
  constructor(private readonly db: PrismaService) {}

  /**
   * Inserts the invoice, its items and per-rate totals, with its balance; a
   * credit note lowers the balance of the invoice it applies to, all in one
   * transaction. The decrement is conditional, so two credit notes racing for
   * the same balance cannot take it below zero.
   */
  async create(data: NewInvoice): Promise<InvoiceRecord> {
    const { items, taxTotals, ...invoice } = data;
    const credit = data.kind === 'NOTA_CREDITO';
    try {
      const row = await this.db.client.$transaction(async (tx) => {
        const created = await tx.invoice.create({
          data: {
            ...invoice,
            balanceCents: credit ? 0n : toCentsInteger(data.total),
            items: { create: items.map((item, position) => ({ ...item, position })) },
            taxTotals: { create: taxTotals },
          },
          include: INCLUDE,
        });
        if (credit && data.appliesToId) {
          const cents = toCentsInteger(data.total);
          const { count } = await tx.invoice.updateMany({
            where: { id: data.appliesToId, balanceCents: { gte: cents } },
            data: { balanceCents: { decrement: cents } },
          });
          if (count === 0) throw new CreditExceedsBalanceError();
        }
        return created;
      });
      return toRecord(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateInvoiceError();
      throw err;
    }
  }

  async findById(id: string): Promise<InvoiceRecord | null> {
    const row = await this.db.client.invoice.findUnique({ where: { id }, include: INCLUDE });
    return row ? toRecord(row) : null;
  }

  /** findById() without the payments: one statement fewer for every PDF and e-mail. */
  async findDocumentById(id: string): Promise<InvoiceDocumentRecord | null> {
    const row = await this.db.client.invoice.findUnique({ where: { id }, include: DOCUMENT_INCLUDE });
    return row ? toDocumentRecord(row) : null;
  }

  async exists(kind: InvoiceKind, letter: Letter, pointOfSale: number, number: number): Promise<boolean> {
    const row = await this.db.client.invoice.findUnique({
      where: { kind_letter_pointOfSale_number: { kind, letter, pointOfSale, number } },
      select: { id: true },
    });
    return Boolean(row);
  }

  /** Every invoice the query can mean: callers ask which one when there are several. */
  async findByNumber(query: InvoiceNumberQuery): Promise<InvoiceRecord[]> {
    const rows = await this.db.client.invoice.findMany({
      where: {
        pointOfSale: query.pointOfSale,
        number: query.number,
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.letter ? { letter: query.letter } : {}),
      },
      include: INCLUDE,
      orderBy: [{ kind: 'asc' }, { letter: 'asc' }],
    });
    return rows.map(toRecord);
  }

  /** The invoices of a point of sale whose numbers are closest to `number`, nearest first (both ways, on the index). */
  async findNearNumber(pointOfSale: number, number: number, limit: number): Promise<InvoiceRecord[]> {
    const [below, above] = await Promise.all([
      this.db.client.invoice.findMany({ where: { pointOfSale, number: { lt: number } }, include: INCLUDE, orderBy: { number: 'desc' }, take: limit }),
      this.db.client.invoice.findMany({ where: { pointOfSale, number: { gt: number } }, include: INCLUDE, orderBy: { number: 'asc' }, take: limit }),
    ]);
    return [...below, ...above]
      .sort((a, b) => Math.abs(a.number - number) - Math.abs(b.number - number) || a.number - b.number)
      .slice(0, limit)
      .map(toRecord);
  }

  /**
   * Like findByNumber, without items, taxes or payments: what a list of
   * choices shows. `/factura enviar` runs it on every command, so it is one
   * joined statement (the relation select would be one per model), on the
   * [pointOfSale, number] index.
   */
  async findSummariesByNumber(query: InvoiceNumberQuery): Promise<InvoiceSummary[]> {
    const rows = await this.db.client.$queryRaw<Record<string, unknown>[]>`
      SELECT i."id", i."kind", i."letter", i."pointOfSale", i."number", i."dueDate", i."total", i."currency", i."balanceCents",
        c."name" AS "customerName", c."email" AS "customerEmail"
      FROM "Invoice" i JOIN "Customer" c ON c."id" = i."customerId"
      WHERE i."pointOfSale" = ${query.pointOfSale} AND i."number" = ${query.number}
        ${query.kind ? Prisma.sql`AND i."kind" = ${query.kind}` : Prisma.empty}
        ${query.letter ? Prisma.sql`AND i."letter" = ${query.letter}` : Prisma.empty}
      ORDER BY i."kind" ASC, i."letter" ASC`;
    return rows.map((r) =>
      toSummary({
        id: String(r.id),
        kind: String(r.kind),
        letter: String(r.letter),
        pointOfSale: Number(r.pointOfSale),
        number: Number(r.number),
        dueDate: r.dueDate == null ? null : String(r.dueDate),
        total: String(r.total),
        currency: String(r.currency),
        balanceCents: typeof r.balanceCents === 'bigint' ? r.balanceCents : BigInt(String(r.balanceCents)),
        customer: { name: String(r.customerName), email: r.customerEmail == null ? null : String(r.customerEmail) },
      }),
    );
  }

  async findByCustomer(customerId: string): Promise<InvoiceRecord[]> {
    const rows = await this.db.client.invoice.findMany({
      where: { customerId },
      include: INCLUDE,
      orderBy: [{ issueDate: 'desc' }, { number: 'desc' }],
    });
    return rows.map(toRecord);
  }

  /**
   * Records a payment if `accept` agrees with the invoice as it is inside the
   * transaction. Touching the invoice row first takes its lock (PostgreSQL)
   * or the database's write lock (SQLite), so two payments racing cannot both
   * pass the balance check.
   */
  async addPayment(
    invoiceId: string,
    payment: { amount: string; date: string },
    accept: (invoice: InvoiceRecord) => void,
  ): Promise<InvoiceRecord | null> {
    return this.db.client.$transaction(async (tx) => {
      const touched = await tx.invoice.updateMany({ where: { id: invoiceId }, data: { updatedAt: new Date() } });
      if (touched.count === 0) return null;
      const before = toRecord(await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: INCLUDE }));
      accept(before);
      await tx.payment.create({ data: { invoiceId, amount: payment.amount, date: payment.date } });
      await tx.invoice.update({ where: { id: invoiceId }, data: { balanceCents: { decrement: toCentsInteger(payment.amount) } } });
      return toRecord(await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: INCLUDE }));
    });
  }
}

function toRecord(row: Row): InvoiceRecord {
  return {
    ...toDocumentRecord(row),
    payments: row.payments.map((p) => ({ id: p.id, amount: p.amount, date: p.date, createdAt: p.createdAt })),
  };
}

function toDocumentRecord(row: DocumentRow): InvoiceDocumentRecord {
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
    exchangeRate: row.exchangeRate,
    netTotal: row.netTotal,
    ivaTotal: row.ivaTotal,
    total: row.total,
    cae: row.cae,
    caeDueDate: row.caeDueDate,
    saleCondition: row.saleCondition,
    items: row.items.map((i) => ({
      code: i.code,
      description: i.description,
      quantity: i.quantity,
      unitPrice: i.unitPrice,
      ivaRate: i.ivaRate,
      lineNet: i.lineNet,
    })),
    taxTotals: [...row.taxTotals]
      .sort((a, b) => Number(a.rate) - Number(b.rate))
      .map((t) => ({ rate: t.rate, net: t.net, iva: t.iva })),
    customer: {
      ref: row.customer.ref,
      name: row.customer.name,
      docType: row.customer.docType as DocType,
      docNumber: row.customer.docNumber,
      ivaCondition: row.customer.ivaCondition as IvaCondition,
      address: row.customer.address,
      email: row.customer.email,
    },
    customerId: row.customerId,
    customerPortal: { id: row.customer.id, portalTokenHash: row.customer.portalTokenHash, portalTokenVersion: row.customer.portalTokenVersion },
    appliesToId: row.appliesToId,
    balance: fromCentsInteger(row.balanceCents),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
