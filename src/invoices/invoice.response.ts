import type { InvoiceView } from './invoices.service';

/** The API's invoice: the request's fields echoed, plus what was computed. */
export function toInvoiceResponse(invoice: InvoiceView) {
  return {
    id: invoice.id,
    kind: invoice.kind,
    letter: invoice.letter,
    voucherCode: invoice.voucherCode,
    pointOfSale: invoice.pointOfSale,
    number: invoice.number,
    displayNumber: invoice.displayNumber,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    customerRef: invoice.customer.ref,
    customerName: invoice.customer.name,
    currency: invoice.currency,
    exchangeRate: invoice.exchangeRate,
    items: invoice.items.map((i) => ({
      code: i.code,
      description: i.description,
      quantity: i.quantity,
      unitPrice: i.unitPrice,
      ivaRate: i.ivaRate,
      lineTotal: i.lineNet,
    })),
    taxTotals: invoice.taxTotals,
    netTotal: invoice.netTotal,
    ivaTotal: invoice.ivaTotal,
    total: invoice.total,
    balance: invoice.balance,
    status: invoice.status,
    cae: invoice.cae,
    caeDueDate: invoice.caeDueDate,
    saleCondition: invoice.saleCondition,
    appliesToInvoiceId: invoice.appliesToId,
    payments: invoice.payments.map((p) => ({ id: p.id, amount: p.amount, date: p.date })),
    createdAt: invoice.createdAt,
  };
}
