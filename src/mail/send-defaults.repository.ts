import { Injectable } from '@nestjs/common';
import { COMPANY_ID } from '../company/company.repository';
import { PrismaService } from '../database/prisma.service';
import { formatInvoiceNumber } from '../invoices/invoice-number.parser';
import type { InvoiceKind, Letter } from '../invoices/voucher';
import { LastUsedTemplate, parseLastUsed } from '../templates/last-used.template';

/** Everything the send dialog's defaults read, from one statement. */
export interface SendDefaultsSource {
  invoice: { id: string; kind: InvoiceKind; letter: Letter; displayNumber: string; total: string; currency: string; dueDate: string | null };
  customer: { id: string; name: string; email: string | null; portalTokenHash: string | null; portalTokenVersion: number };
  /** Null until PUT /api/company. */
  company: { legalName: string; email: string; portalEnabled: boolean } | null;
  /** The customer's "Último utilizado", when there is one we can read. */
  lastUsed: LastUsedTemplate | null;
}

/**
 * The send dialog opens inside Slack's 3 seconds, often many at once: the
 * invoice, its customer, the company and the customer's last-used template
 * are read in one joined statement instead of a query per model (the full
 * document with items, taxes and payments is only read when a mail is sent).
 * Plain SQL that SQLite and PostgreSQL both take; the rules that use these
 * values stay in SendInvoiceService and PortalLinkService.
 */
@Injectable()
export class SendDefaultsRepository {
  constructor(private readonly db: PrismaService) {}

  async find(invoiceId: string): Promise<SendDefaultsSource | null> {
    const rows = await this.db.client.$queryRaw<Record<string, unknown>[]>`
      SELECT i."id", i."kind", i."letter", i."pointOfSale", i."number", i."total", i."currency", i."dueDate",
        c."id" AS "customerId", c."name" AS "customerName", c."email" AS "customerEmail",
        c."portalTokenHash", c."portalTokenVersion",
        co."legalName" AS "companyName", co."email" AS "companyEmail", co."portalEnabled",
        t."template" AS "lastUsed"
      FROM "Invoice" i
      JOIN "Customer" c ON c."id" = i."customerId"
      LEFT JOIN "Company" co ON co."id" = ${COMPANY_ID}
      LEFT JOIN "CustomerTemplate" t ON t."customerId" = c."id"
      WHERE i."id" = ${invoiceId}`;
    const r = rows[0];
    if (!r) return null;
    return {
      invoice: {
        id: String(r.id),
        kind: r.kind as InvoiceKind,
        letter: r.letter as Letter,
        displayNumber: formatInvoiceNumber(Number(r.pointOfSale), Number(r.number)),
        total: String(r.total),
        currency: String(r.currency),
        dueDate: r.dueDate == null ? null : String(r.dueDate),
      },
      customer: {
        id: String(r.customerId),
        name: String(r.customerName),
        email: r.customerEmail == null ? null : String(r.customerEmail),
        portalTokenHash: r.portalTokenHash == null ? null : String(r.portalTokenHash),
        portalTokenVersion: Number(r.portalTokenVersion),
      },
      // SQLite answers booleans as 0/1, PostgreSQL as true/false.
      company: r.companyName == null ? null : { legalName: String(r.companyName), email: String(r.companyEmail), portalEnabled: Boolean(Number(r.portalEnabled)) },
      lastUsed: r.lastUsed == null ? null : parseLastUsed(String(r.lastUsed)),
    };
  }
}
