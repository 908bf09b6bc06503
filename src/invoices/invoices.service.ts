import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { todayIn } from '../common/calendar-date';
import { dec, toPlain } from '../common/decimal';
import { AppConfig } from '../config/app-config';
import { CompanyService } from '../company/company.service';
import { CustomersService } from '../customers/customers.service';
import { InvoiceStatus, statusOf } from './invoice-balance';
import { InvoicePdf, InvoicePdfService } from '../pdf/invoice-pdf.service';
import type { InvoiceDocument } from './invoice-document';
import { InvoiceBody, PaymentBody } from './invoice.dto';
import { formatInvoiceNumber, InvoiceNumberQuery, MAX_INVOICE_NUMBER, MAX_POINT_OF_SALE } from './invoice-number.parser';
import type { InvoiceRecord, NewInvoice } from './invoice.record';
import { InvoiceSavedEvent } from './invoice-saved.event';
import { calculateTotals } from './invoice-totals.calculator';
import { DuplicateInvoiceError, InvoicesRepository, InvoiceSummary } from './invoices.repository';
import { carriesNoIva, INVOICE_KINDS, InvoiceKind, IVA_RATES, LETTERS, Letter, voucherCode } from './voucher';

export interface InvoiceView extends InvoiceRecord {
  status: InvoiceStatus;
}

@Injectable()
export class InvoicesService {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly customers: CustomersService,
    private readonly company: CompanyService,
    private readonly pdfs: InvoicePdfService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(body: InvoiceBody): Promise<InvoiceView> {
    const data = await this.validate(body);
    if (await this.invoices.exists(data.kind, data.letter, data.pointOfSale, data.number)) throw duplicate(data);
    let saved: InvoiceRecord;
    try {
      saved = await this.invoices.create(data);
    } catch (err) {
      if (err instanceof DuplicateInvoiceError) throw duplicate(data);
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
    if (!invoice) throw AppError.notFound('invoice_not_found', `No existe la factura "${id}".`);
    return invoice;
  }

  /** The invoice with its company: what the PDF, e-mail and portal render. */
  async document(id: string): Promise<InvoiceDocument> {
    return (await this.documentWithCustomer(id)).doc;
  }

  /** The document, the id of its customer (whose portal link and templates the e-mail uses) and its balance. */
  async documentWithCustomer(id: string): Promise<{ doc: InvoiceDocument; customerId: string; balance: string }> {
    const [invoice, company] = await Promise.all([this.require(id), this.company.require()]);
    return { doc: toDocument(invoice, company), customerId: invoice.customerId, balance: invoice.balance };
  }

  /** The invoice's PDF, rendered once and then served from the store. */
  async pdf(id: string): Promise<InvoicePdf> {
    return this.pdfs.getPdf(await this.document(id));
  }

  /** The PDF of a document already loaded. */
  pdfOf(doc: InvoiceDocument): Promise<InvoicePdf> {
    return this.pdfs.getPdf(doc);
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
    if (amount.lte(0)) throw AppError.unprocessable('invalid_amount', 'El importe del pago debe ser mayor que cero.');
    if (amount.decimalPlaces() > 2) throw AppError.unprocessable('invalid_amount', 'El importe del pago admite hasta dos decimales.');
    const updated = await this.invoices.addPayment(id, { amount: amount.toFixed(2), date: body.date }, (invoice) => {
      if (invoice.kind === 'NOTA_CREDITO') {
        throw AppError.unprocessable('not_payable', 'Una nota de crédito no admite pagos.');
      }
      const balance = invoice.balance;
      if (amount.gt(balance)) {
        throw AppError.unprocessable('payment_exceeds_balance', `El pago (${amount.toFixed(2)}) supera el saldo de la factura (${balance}).`, 'amount');
      }
    });
    if (!updated) throw AppError.notFound('invoice_not_found', `No existe la factura "${id}".`);
    return this.view(updated);
  }

  view(invoice: InvoiceRecord): InvoiceView {
    return { ...invoice, status: statusOf(invoice.balance, invoice.dueDate, this.today()) };
  }

  today(): string {
    return todayIn(this.config.timezone, this.clock.now());
  }

  /** Semantic checks (422) on a body whose shape the DTO already checked. */
  private async validate(body: InvoiceBody): Promise<NewInvoice> {
    const kind = body.kind as InvoiceKind;
    const letter = body.letter as Letter;
    if (!INVOICE_KINDS.includes(kind)) {
      throw AppError.unprocessable('invalid_kind', `Tipo de comprobante desconocido: "${body.kind}". Use ${INVOICE_KINDS.join(', ')}.`);
    }
    if (!LETTERS.includes(letter)) {
      throw AppError.unprocessable('invalid_letter', `Letra desconocida: "${body.letter}". Use ${LETTERS.join(', ')}.`);
    }
    if (body.pointOfSale < 1 || body.pointOfSale > MAX_POINT_OF_SALE) {
      throw AppError.unprocessable('invalid_point_of_sale', `El punto de venta debe estar entre 1 y ${MAX_POINT_OF_SALE}.`);
    }
    if (body.number < 1 || body.number > MAX_INVOICE_NUMBER) {
      throw AppError.unprocessable('invalid_number', `El número debe estar entre 1 y ${MAX_INVOICE_NUMBER}.`);
    }
    const dueDate = body.dueDate ?? null;
    if (dueDate && dueDate < body.issueDate) {
      throw AppError.unprocessable('due_before_issue', 'La fecha de vencimiento no puede ser anterior a la de emisión.');
    }
    const caeDueDate = body.caeDueDate ?? null;
    const cae = body.cae?.trim() || null;
    if (cae && !/^\d{14}$/.test(cae)) throw AppError.unprocessable('invalid_cae', 'El CAE debe tener 14 dígitos.');

    const currency = (body.currency ?? 'PES').trim().toUpperCase();
    if (!/^[A-Z0-9]{3}$/.test(currency)) {
      throw AppError.unprocessable('invalid_currency', `Moneda desconocida: "${body.currency}" (código AFIP de 3 caracteres, p. ej. PES, DOL).`);
    }
    const exchangeRate = dec(body.exchangeRate ?? '1');
    if (exchangeRate.lte(0)) throw AppError.unprocessable('invalid_exchange_rate', 'La cotización debe ser mayor que cero.');
    if (currency === 'PES' && !exchangeRate.eq(1)) {
      throw AppError.unprocessable('invalid_exchange_rate', 'Una factura en pesos (PES) lleva cotización 1.');
    }

    const items = body.items.map((item, idx) => {
      const n = idx + 1;
      const quantity = dec(item.quantity);
      const unitPrice = dec(item.unitPrice);
      if (quantity.lte(0)) throw AppError.unprocessable('invalid_quantity', `Ítem ${n}: la cantidad debe ser mayor que cero.`);
      if (unitPrice.lt(0)) throw AppError.unprocessable('invalid_unit_price', `Ítem ${n}: el precio unitario no puede ser negativo.`);
      const ivaRate = this.itemRate(letter, item.ivaRate, n);
      return { code: item.code?.trim() || null, description: item.description.trim(), quantity: toPlain(quantity), unitPrice: toPlain(unitPrice), ivaRate };
    });
    const totals = calculateTotals(items);
    if (body.total !== undefined && !dec(body.total).eq(totals.total)) {
      throw AppError.unprocessable('total_mismatch', `El total informado (${body.total}) no coincide con el de los ítems (${totals.total}).`, 'total');
    }

    const customer = await this.customers.findByRef(body.customerRef);
    if (!customer) throw AppError.unprocessable('unknown_customer', `No existe el cliente "${body.customerRef}"; créelo con PUT /api/customers/:ref.`);

    let appliesToId: string | null = null;
    if (body.appliesToInvoiceId) {
      if (kind === 'FACTURA') throw AppError.unprocessable('invalid_applies_to', 'Sólo una nota de crédito o débito se aplica a otra factura.');
      const target = await this.invoices.findById(body.appliesToInvoiceId);
      if (!target || target.customerId !== customer.id) {
        throw AppError.unprocessable('invalid_applies_to', 'La factura a la que se aplica no existe o es de otro cliente.');
      }
      appliesToId = target.id;
    }

    return {
      kind,
      letter,
      voucherCode: voucherCode(kind, letter),
      pointOfSale: body.pointOfSale,
      number: body.number,
      issueDate: body.issueDate,
      dueDate,
      customerId: customer.id,
      currency,
      exchangeRate: toPlain(exchangeRate),
      netTotal: totals.netTotal,
      ivaTotal: totals.ivaTotal,
      total: totals.total,
      cae,
      caeDueDate,
      appliesToId,
      items: items.map((item, idx) => ({ ...item, lineNet: totals.lineNets[idx] })),
      taxTotals: carriesNoIva(letter) ? [] : totals.taxTotals,
    };
  }

  private itemRate(letter: Letter, given: string | undefined, n: number): string {
    if (carriesNoIva(letter)) {
      if (given !== undefined && !dec(given).eq(0)) {
        throw AppError.unprocessable('invalid_iva_rate', `Ítem ${n}: una factura ${letter} no discrimina IVA; use ivaRate "0" u omítalo.`);
      }
      return '0';
    }
    if (given === undefined) throw AppError.unprocessable('invalid_iva_rate', `Ítem ${n}: falta la alícuota de IVA (ivaRate).`);
    const rate = toPlain(given);
    if (!(IVA_RATES as readonly string[]).includes(rate)) {
      throw AppError.unprocessable('invalid_iva_rate', `Ítem ${n}: alícuota de IVA desconocida "${given}". Use ${IVA_RATES.join(', ')}.`);
    }
    return rate;
  }
}

function duplicate(data: NewInvoice): AppError {
  return AppError.conflict(
    'duplicate_invoice',
    `Ya existe ${data.kind === 'FACTURA' ? 'la factura' : 'el comprobante'} ${data.letter} ${formatInvoiceNumber(data.pointOfSale, data.number)}.`,
  );
}

export function toDocument(invoice: InvoiceRecord, company: InvoiceDocument['company']): InvoiceDocument {
  // Drop what only the balance needs; the rest is the document.
  const { customerId, appliesToId, payments, balance, createdAt, updatedAt, ...doc } = invoice;
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
