import { ApiProperty } from '@nestjs/swagger';
import type { CustomerRecord } from '../customers/customers.repository';
import type { CustomerBalance, LedgerEntry, LedgerPage } from './ledger';
import { INVOICE_KINDS, LETTERS } from './voucher';

/** One document of GET /api/invoices: no items or payments (GET /api/invoices/:id has them). */
export class InvoiceSummaryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: INVOICE_KINDS }) kind!: string;
  @ApiProperty({ enum: LETTERS }) letter!: string;
  @ApiProperty({ example: 6 }) voucherCode!: number;
  @ApiProperty({ example: 1 }) pointOfSale!: number;
  @ApiProperty({ example: 123 }) number!: number;
  @ApiProperty({ example: '0001-00000123' }) displayNumber!: string;
  @ApiProperty({ example: '2020-07-14' }) issueDate!: string;
  @ApiProperty({ example: '2020-08-13', nullable: true, type: String }) dueDate!: string | null;
  @ApiProperty({ example: 'donpepe' }) customerRef!: string;
  @ApiProperty({ example: 'Ferretería Don Pepe' }) customerName!: string;
  @ApiProperty({ example: 'PES' }) currency!: string;
  @ApiProperty({ example: '54.33' }) total!: string;
  @ApiProperty({ example: '20.00', description: 'total − balance: payments and credit notes applied' }) paid!: string;
  @ApiProperty({ example: '34.33', description: 'What is still owed ("0.00" on a credit note)' }) balance!: string;
  @ApiProperty({ enum: ['pagada', 'pendiente', 'vencida'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) appliesToInvoiceId!: string | null;
}

export class InvoiceListResponse {
  @ApiProperty({ type: [InvoiceSummaryResponse], description: 'Newest first (issue date, then number)' })
  invoices!: InvoiceSummaryResponse[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next (older) page; null on the last page' })
  nextCursor!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the previous (newer) page; null on the first page' })
  previousCursor!: string | null;
}

export class CurrencyBalanceResponse {
  @ApiProperty({ example: 'PES', description: 'AFIP currency code; amounts in different currencies are never added' })
  currency!: string;
  @ApiProperty({ example: '1234.50', description: 'What the customer owes: balances minus credit notes applied to no invoice' })
  balance!: string;
  @ApiProperty({ example: '1000.00', description: 'The part of the balance past its due date' })
  overdue!: string;
  @ApiProperty({ example: '0.00', description: 'Credit notes applied to no invoice (already subtracted from balance)' })
  unappliedCredit!: string;
  @ApiProperty({ example: 3 }) openDocuments!: number;
  @ApiProperty({ example: 2 }) overdueDocuments!: number;
}

export class CustomerBalanceResponse {
  @ApiProperty({ example: 'donpepe' }) customerRef!: string;
  @ApiProperty({ example: 'Ferretería Don Pepe' }) customerName!: string;
  @ApiProperty({ example: '2024-06-03', description: 'Today in APP_TIMEZONE: what "overdue" is measured against' })
  asOf!: string;
  @ApiProperty({ type: [CurrencyBalanceResponse], description: 'One entry per currency the customer has documents in' })
  balances!: CurrencyBalanceResponse[];
}

export function toInvoiceListResponse(page: LedgerPage): InvoiceListResponse {
  return { invoices: page.entries.map(toSummary), nextCursor: page.nextCursor, previousCursor: page.previousCursor };
}

export function toCustomerBalanceResponse(customer: CustomerRecord, balance: CustomerBalance): CustomerBalanceResponse {
  return { customerRef: customer.ref, customerName: customer.name, asOf: balance.asOf, balances: balance.currencies };
}

function toSummary(e: LedgerEntry): InvoiceSummaryResponse {
  return {
    id: e.id,
    kind: e.kind,
    letter: e.letter,
    voucherCode: e.voucherCode,
    pointOfSale: e.pointOfSale,
    number: e.number,
    displayNumber: e.displayNumber,
    issueDate: e.issueDate,
    dueDate: e.dueDate,
    customerRef: e.customerRef,
    customerName: e.customerName,
    currency: e.currency,
    total: e.total,
    paid: e.paid,
    balance: e.balance,
    status: e.status,
    appliesToInvoiceId: e.appliesToId,
  };
}
