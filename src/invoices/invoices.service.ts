import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { todayIn } from '../common/calendar-date';
import { dec } from '../common/decimal';
import { formatDateAr } from '../common/format';
import { AppConfig } from '../config/app-config';
import type { CompanyRecord } from '../company/company.repository';
import { CompanyService } from '../company/company.service';
import { InvoiceStatus, statusOf } from './invoice-balance';
import { InvoicePdf, InvoicePdfService } from '../pdf/invoice-pdf.service';
import type { InvoiceDocument } from './invoice-document';
import { InvoiceBody, PaymentBody } from './invoice.dto';
import { formatInvoiceNumber, InvoiceNumberQuery } from './invoice-number.parser';
import type { InvoiceDocumentRecord, InvoiceRecord, NewInvoice } from './invoice.record';
import { InvoiceSavedEvent } from './invoice-saved.event';
import { CreditExceedsBalanceError, DuplicateInvoiceError, InvoicesRepository, InvoiceSummary } from './invoices.repository';
import { NewInvoiceValidator, noteTarget } from './new-invoice.validator';
import { creditExceedsBalance } from './voucher-rules';

export interface InvoiceView extends InvoiceRecord {
  status: InvoiceStatus;
}

@Injectable()
export class InvoicesService {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly validator: NewInvoiceValidator,
    private readonly company: CompanyService,
    private readonly pdfs: InvoicePdfService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(body: InvoiceBody): Promise<InvoiceView> {
    const data = await this.validator.validate(body);
    if (await this.invoices.exists(data.kind, data.letter, data.pointOfSale, data.number)) throw duplicate(data);
    let saved: InvoiceRecord;
    try {
      saved = await this.invoices.create(data);
    } catch (err) {
      if (err instanceof DuplicateInvoiceError) throw duplicate(data);
      // Another credit note took the balance after validation looked at it.
      if (err instanceof CreditExceedsBalanceError) throw creditExceedsBalance(data.total, noteTarget(await this.require(data.appliesToId!)));
      throw err;
    }
    // After the commit, never for a refused request: listeners may post to
    // Slack or send the invoice.
    this.events.emit(InvoiceSavedEvent.NAME, new InvoiceSavedEvent(saved.id));
    return this.view(saved);
  }

  async get(id: string): Promise<InvoiceView> {
    return this.view(await this.require(id));
  }

  async require(id: string): Promise<InvoiceRecord> {
    const invoice = await this.invoices.findById(id);
    if (!invoice) throw invoiceNotFound(id);
    return invoice;
  }

  /** The invoice with its company: what the PDF, e-mail and portal render. */
  async document(id: string): Promise<InvoiceDocument> {
    return (await this.documentWithCustomer(id)).doc;
  }

  /** The document, its customer's id and portal key (the e-mail's link and templates), its balance and the company. */
  async documentWithCustomer(id: string): Promise<{ doc: InvoiceDocument; customerId: string; customerPortal: InvoiceRecord['customerPortal']; balance: string; company: CompanyRecord }> {
    const [invoice, company] = await Promise.all([this.invoices.findDocumentById(id), this.company.require()]);
    if (!invoice) throw invoiceNotFound(id);
    return { doc: toDocument(invoice, company), customerId: invoice.customerId, customerPortal: invoice.customerPortal, balance: invoice.balance, company };
  }

  /** The invoice's PDF, rendered once and then served from the store. */
  async pdf(id: string): Promise<InvoicePdf> {
    return this.pdfs.getPdf(await this.document(id));
  }

  /** The PDF of a document already loaded. */
  pdfOf(doc: InvoiceDocument): Promise<InvoicePdf> {
    return this.pdfs.getPdf(doc);
  }

  /** Renders the document's PDF unless the stored one shows it; reads no stored bytes. */
  ensurePdf(doc: InvoiceDocument): Promise<void> {
    return this.pdfs.ensurePdf(doc);
  }

  /** All invoices a typed number can mean (the letter or kind may be missing). */
  async findCandidates(query: InvoiceNumberQuery): Promise<InvoiceView[]> {
    return (await this.invoices.findByNumber(query)).map((i) => this.view(i));
  }

  /** findCandidates without items, taxes or payments: one query, for a quick choice (Slack's 3 seconds). */
  async findCandidateSummaries(query: InvoiceNumberQuery): Promise<(InvoiceSummary & { status: InvoiceStatus })[]> {
    return (await this.invoices.findSummariesByNumber(query)).map((i) => ({ ...i, status: statusOf(i.balance, i.dueDate, this.today()) }));
  }

  /**
   * For a number that names nothing: the same point of sale and number under
   * another kind or letter, else the nearest numbers of that point of sale.
   */
  async closestTo(query: InvoiceNumberQuery, limit = 5): Promise<InvoiceView[]> {
    const sameNumber = query.kind || query.letter ? await this.invoices.findByNumber({ pointOfSale: query.pointOfSale, number: query.number }) : [];
    const found = sameNumber.length ? sameNumber : await this.invoices.findNearNumber(query.pointOfSale, query.number, limit);
    return found.slice(0, limit).map((i) => this.view(i));
  }

  async listForCustomer(customerId: string): Promise<InvoiceView[]> {
    return (await this.invoices.findByCustomer(customerId)).map((i) => this.view(i));
  }

  async addPayment(id: string, body: PaymentBody): Promise<InvoiceView> {
    const amount = dec(body.amount);
    if (amount.lte(0)) throw AppError.unprocessable('invalid_amount', 'El importe del pago debe ser mayor que cero.', 'amount');
    // Balances, the portal and reminders are "as of today": a payment not yet made (a mistyped year) cannot count in them.
    if (body.date > this.today()) {
      throw AppError.unprocessable('payment_in_future', `La fecha del pago (${formatDateAr(body.date, '-')}) no puede ser posterior a hoy.`, 'date');
    }
    const updated = await this.invoices.addPayment(id, { amount: amount.toFixed(2), date: body.date }, (invoice) => {
      if (invoice.kind === 'NOTA_CREDITO') {
        throw AppError.unprocessable('not_payable', 'Una nota de crédito no admite pagos.');
      }
      const balance = invoice.balance;
      if (amount.gt(balance)) {
        throw AppError.unprocessable('payment_exceeds_balance', `El pago (${amount.toFixed(2)}) supera el saldo de la factura (${balance}).`, 'amount');
      }
    });
    if (!updated) throw invoiceNotFound(id);
    return this.view(updated);
  }

  view(invoice: InvoiceRecord): InvoiceView {
    return { ...invoice, status: statusOf(invoice.balance, invoice.dueDate, this.today()) };
  }

  today(): string {
    return todayIn(this.config.timezone, this.clock.now());
  }
}

/** An invoice id that names nothing (a 404 on the API). */
export function invoiceNotFound(id: string): AppError {
  return AppError.notFound('invoice_not_found', `No existe la factura "${id}".`);
}

function duplicate(data: NewInvoice): AppError {
  return AppError.conflict(
    'duplicate_invoice',
    `Ya existe ${data.kind === 'FACTURA' ? 'la factura' : 'el comprobante'} ${data.letter} ${formatInvoiceNumber(data.pointOfSale, data.number)}.`,
  );
}

export function toDocument(invoice: InvoiceDocumentRecord & { payments?: unknown }, company: InvoiceDocument['company']): InvoiceDocument {
  // Drop what only the balance needs (the payments too, when the record has them); the rest is the document.
  const { customerId, customerPortal, appliesToId, payments, balance, createdAt, updatedAt, ...doc } = invoice;
  return {
    ...doc,
    company: {
      legalName: company.legalName,
      cuit: company.cuit,
      ivaCondition: company.ivaCondition,
      grossIncomeNumber: company.grossIncomeNumber,
      activityStartDate: company.activityStartDate,
      address: company.address,
      email: company.email,
    },
  };
}
