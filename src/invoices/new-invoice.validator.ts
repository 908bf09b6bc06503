import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { dec, exceedsBounds, MONEY, toPlain } from '../common/decimal';
import { multiLine, singleLine } from '../common/text-rules';
import { CompanyService } from '../company/company.service';
import { CustomersService } from '../customers/customers.service';
import { InvoiceBody } from './invoice.dto';
import { MAX_INVOICE_NUMBER, MAX_POINT_OF_SALE } from './invoice-number.parser';
import type { InvoiceRecord, NewInvoice } from './invoice.record';
import { calculateTotals } from './invoice-totals.calculator';
import { InvoicesRepository } from './invoices.repository';
import { carriesNoIva, INVOICE_KINDS, InvoiceKind, IVA_RATES, LETTERS, Letter, voucherCode } from './voucher';
import { checkVoucherParties, NoteTarget } from './voucher-rules';

export const DEFAULT_SALE_CONDITION = 'Cuenta corriente';
export const MAX_SALE_CONDITION = 50;

/**
 * The semantic checks (422) on an invoice body whose shape the DTO already
 * checked: numbering, dates, amounts within bounds, text fit for a PDF and
 * e-mail headers, and the voucher rules between company and customer. Each
 * error names the body property at fault.
 */
@Injectable()
export class NewInvoiceValidator {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly customers: CustomersService,
    private readonly company: CompanyService,
  ) {}

  async validate(body: InvoiceBody): Promise<NewInvoice> {
    const kind = body.kind as InvoiceKind;
    const letter = body.letter as Letter;
    if (!INVOICE_KINDS.includes(kind)) {
      throw AppError.unprocessable('invalid_kind', `Tipo de comprobante desconocido: "${body.kind}". Use ${INVOICE_KINDS.join(', ')}.`, 'kind');
    }
    if (!LETTERS.includes(letter)) {
      throw AppError.unprocessable('invalid_letter', `Letra desconocida: "${body.letter}". Use ${LETTERS.join(', ')}.`, 'letter');
    }
    if (body.pointOfSale < 1 || body.pointOfSale > MAX_POINT_OF_SALE) {
      throw AppError.unprocessable('invalid_point_of_sale', `El punto de venta debe estar entre 1 y ${MAX_POINT_OF_SALE}.`, 'pointOfSale');
    }
    if (body.number < 1 || body.number > MAX_INVOICE_NUMBER) {
      throw AppError.unprocessable('invalid_number', `El número debe estar entre 1 y ${MAX_INVOICE_NUMBER}.`, 'number');
    }
    const dueDate = body.dueDate ?? null;
    if (dueDate && dueDate < body.issueDate) {
      throw AppError.unprocessable('due_before_issue', 'La fecha de vencimiento no puede ser anterior a la de emisión.', 'dueDate');
    }
    const caeDueDate = body.caeDueDate ?? null;
    const cae = body.cae?.trim() || null;
    if (cae && !/^\d{14}$/.test(cae)) throw AppError.unprocessable('invalid_cae', 'El CAE debe tener 14 dígitos.', 'cae');
    const saleCondition = singleLine(body.saleCondition, 'saleCondition', { max: MAX_SALE_CONDITION }) ?? DEFAULT_SALE_CONDITION;
    const customerRef = singleLine(body.customerRef, 'customerRef', { required: true });
    const appliesToInvoiceId = singleLine(body.appliesToInvoiceId, 'appliesToInvoiceId');

    const currency = (body.currency ?? 'PES').trim().toUpperCase();
    if (!/^[A-Z0-9]{3}$/.test(currency)) {
      throw AppError.unprocessable(
        'invalid_currency',
        `Moneda desconocida: "${body.currency}" (código AFIP de 3 caracteres, p. ej. PES, DOL).`,
        'currency',
      );
    }
    const exchangeRate = dec(body.exchangeRate ?? '1');
    if (exchangeRate.lte(0)) throw AppError.unprocessable('invalid_exchange_rate', 'La cotización debe ser mayor que cero.', 'exchangeRate');
    if (currency === 'PES' && !exchangeRate.eq(1)) {
      throw AppError.unprocessable('invalid_exchange_rate', 'Una factura en pesos (PES) lleva cotización 1.', 'exchangeRate');
    }

    const items = body.items.map((item, idx) => {
      const n = idx + 1;
      const at = `items[${idx}]`;
      const quantity = dec(item.quantity);
      const unitPrice = dec(item.unitPrice);
      if (quantity.lte(0)) throw AppError.unprocessable('invalid_quantity', `Ítem ${n}: la cantidad debe ser mayor que cero.`, `${at}.quantity`);
      if (unitPrice.lt(0)) {
        throw AppError.unprocessable('invalid_unit_price', `Ítem ${n}: el precio unitario no puede ser negativo.`, `${at}.unitPrice`);
      }
      if (exceedsBounds(quantity.times(unitPrice), MONEY)) throw amountTooLarge(`Ítem ${n}: cantidad × precio unitario`, at);
      return {
        code: singleLine(item.code, `${at}.code`),
        description: multiLine(item.description, `${at}.description`, { required: true })!,
        quantity: toPlain(quantity),
        unitPrice: toPlain(unitPrice),
        ivaRate: itemRate(letter, item.ivaRate, n, `${at}.ivaRate`),
      };
    });
    const totals = calculateTotals(items);
    if (exceedsBounds(totals.total, MONEY)) throw amountTooLarge('El total del comprobante', 'items');
    if (body.total !== undefined && !dec(body.total).eq(totals.total)) {
      throw AppError.unprocessable('total_mismatch', `El total informado (${body.total}) no coincide con el de los ítems (${totals.total}).`, 'total');
    }

    const company = await this.company.require();
    const customer = await this.customers.findByRef(customerRef);
    if (!customer) {
      throw AppError.unprocessable('unknown_customer', `No existe el cliente "${customerRef}"; créelo con PUT /api/customers/:ref.`, 'customerRef');
    }
    let target: InvoiceRecord | null = null;
    if (appliesToInvoiceId) {
      if (kind === 'FACTURA') {
        throw AppError.unprocessable('invalid_applies_to', 'Sólo una nota de crédito o débito se aplica a otra factura.', 'appliesToInvoiceId');
      }
      target = await this.invoices.findById(appliesToInvoiceId);
      if (!target || target.customerId !== customer.id) {
        throw AppError.unprocessable('invalid_applies_to', 'La factura a la que se aplica no existe o es de otro cliente.', 'appliesToInvoiceId');
      }
    }
    checkVoucherParties({ kind, letter, currency, total: totals.total }, company, customer, target && noteTarget(target));

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
      saleCondition,
      appliesToId: target?.id ?? null,
      items: items.map((item, idx) => ({ ...item, lineNet: totals.lineNets[idx] })),
      taxTotals: carriesNoIva(letter) ? [] : totals.taxTotals,
    };
  }
}

export function noteTarget(invoice: InvoiceRecord): NoteTarget {
  return {
    kind: invoice.kind,
    letter: invoice.letter,
    currency: invoice.currency,
    displayNumber: invoice.displayNumber,
    balance: invoice.balance,
  };
}

function itemRate(letter: Letter, given: string | undefined, n: number, field: string): string {
  if (carriesNoIva(letter)) {
    if (given !== undefined && !dec(given).eq(0)) {
      throw AppError.unprocessable('invalid_iva_rate', `Ítem ${n}: una factura ${letter} no discrimina IVA; use ivaRate "0" u omítalo.`, field);
    }
    return '0';
  }
  if (given === undefined) throw AppError.unprocessable('invalid_iva_rate', `Ítem ${n}: falta la alícuota de IVA (ivaRate).`, field);
  const rate = toPlain(given);
  if (!(IVA_RATES as readonly string[]).includes(rate)) {
    throw AppError.unprocessable('invalid_iva_rate', `Ítem ${n}: alícuota de IVA desconocida "${given}". Use ${IVA_RATES.join(', ')}.`, field);
  }
  return rate;
}

function amountTooLarge(what: string, field: string): AppError {
  return AppError.unprocessable(
    'amount_too_large',
    `${what} supera el máximo admitido (${MONEY.integerDigits} dígitos enteros).`,
    field,
  );
}
