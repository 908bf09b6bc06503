import { DateTime } from 'luxon';
import type { CompanyBody } from '../company/company.dto';
import type { CustomerBody } from '../customers/customer.dto';
import type { InvoiceBody } from '../invoices/invoice.dto';

/**
 * A small, believable data set for a first look, obeying the voucher rules
 * as AFIP would: a Responsable Inscripto company that issues a Factura A to
 * another Responsable Inscripto, a Factura B to a consumidor final and a
 * Factura E (export, in dollars) to a customer abroad — one overdue, one
 * paid, one pending. Dates are relative to today so the statuses stay true.
 */
export function demoData(today: string) {
  const day = (offset: number) => DateTime.fromISO(today).plus({ days: offset }).toISODate()!;
  const company: CompanyBody = {
    legalName: 'Tornillos del Sur S.R.L.',
    cuit: '30-71234567-1',
    ivaCondition: 'RESPONSABLE_INSCRIPTO',
    grossIncomeNumber: '901-123456-7',
    activityStartDate: '2015-03-01',
    address: 'Av. Corrientes 1234, CABA',
    email: 'facturacion@tornillos.com.ar',
    portalEnabled: true,
    autoSendOnSave: false,
  };
  const customers: Record<string, CustomerBody> = {
    metalurgica: {
      name: 'Metalúrgica Quilmes S.A.',
      docType: 'CUIT',
      docNumber: '30-70809876-7',
      ivaCondition: 'RESPONSABLE_INSCRIPTO',
      address: 'Calle 12 N° 345, Quilmes',
      email: 'cuentasapagar@metalquilmes.com.ar',
    },
    donpepe: {
      name: 'Ferretería Don Pepe',
      docType: 'CUIT',
      docNumber: '20-12345678-6',
      ivaCondition: 'CONSUMIDOR_FINAL',
      address: 'Av. Mitre 500, Avellaneda',
      email: 'pagos@donpepe.com.ar; admin@donpepe.com.ar',
    },
    montevideo: {
      name: 'Bulonera Montevideo S.A.',
      docType: 'EXT',
      docNumber: 'RUT 211234560018',
      ivaCondition: 'CLIENTE_EXTERIOR',
      address: 'Av. 18 de Julio 1234, Montevideo, Uruguay',
      email: 'compras@buloneramontevideo.com.uy',
    },
  };
  const invoices: (InvoiceBody & { paid?: boolean })[] = [
    {
      kind: 'FACTURA', letter: 'A', pointOfSale: 1, number: 1, customerRef: 'metalurgica',
      issueDate: day(-40), dueDate: day(-10), cae: '71234567890123', caeDueDate: day(-30),
      saleCondition: 'Cuenta corriente',
      items: [
        { code: 'BUL-10', description: 'Bulones 10 mm x 100 u.', quantity: '12', unitPrice: '8450.00', ivaRate: '21' },
        { code: 'ARA-08', description: 'Arandelas planas 8 mm x 500 u.', quantity: '4', unitPrice: '3120.50', ivaRate: '21' },
        { code: 'MAN-01', description: 'Manual técnico de fijaciones', quantity: '1', unitPrice: '15000', ivaRate: '10.5' },
      ],
    },
    {
      kind: 'FACTURA', letter: 'B', pointOfSale: 1, number: 123, customerRef: 'donpepe',
      issueDate: day(-20), dueDate: day(10), cae: '70123456789012', caeDueDate: day(-10),
      saleCondition: 'Contado',
      items: [{ description: 'Tornillos 3/8', quantity: '1', unitPrice: '44.90', ivaRate: '21' }],
      paid: true,
    },
    {
      // Exports go out from their own point of sale, in the customer's currency, without IVA.
      kind: 'FACTURA', letter: 'E', pointOfSale: 3, number: 57, customerRef: 'montevideo',
      issueDate: day(-2), dueDate: day(28), cae: '72345678901234', caeDueDate: day(8),
      currency: 'DOL', exchangeRate: '1075.50', saleCondition: 'Transferencia a 30 días',
      items: [
        { code: 'TOR-38', description: 'Tornillo hexagonal 3/8" x 2" (caja x 100)', quantity: '40', unitPrice: '18.75' },
        { code: 'BUL-12', description: 'Bulón 1/2" x 3" zincado (caja x 50)', quantity: '25', unitPrice: '32.40' },
      ],
    },
  ];
  return { company, customers, invoices };
}
