import { PrismaService } from '../../src/database/prisma.service';
import { abroad, company, donPepe, invoiceB, metalurgica } from '../support/sample-data';
import { pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

/** RG 1415 / RG 5003 through the API: what a Responsable Inscripto may issue, to whom. */
describe('Argentine voucher rules', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
    await t.api('PUT', '/api/customers/metalurgica', metalurgica);
    await t.api('PUT', '/api/customers/abroad', abroad);
    await t.api('PUT', '/api/customers/self', { ...metalurgica, name: 'Nosotros mismos', docNumber: '30-71234567-1' });
  });
  afterAll(() => t.close());

  const invoices = () => t.app.get(PrismaService).client.invoice.count();
  const noIva = [{ description: 'Servicio de afilado', quantity: '3', unitPrice: '2500' }];

  it.each([
    ['a Factura C from a Responsable Inscripto', invoiceB({ number: 1, letter: 'C', items: noIva }), 'letter_not_allowed', 'Un Responsable Inscripto no emite comprobantes C'],
    ['a Factura A to a consumidor final', invoiceB({ number: 2, letter: 'A' }), 'letter_not_allowed', 'corresponde B'],
    ['a Factura B to a Responsable Inscripto', invoiceB({ number: 3, customerRef: 'metalurgica' }), 'letter_not_allowed', 'corresponde A (o M)'],
    ['a Factura B to a customer abroad', invoiceB({ number: 4, customerRef: 'abroad' }), 'letter_not_allowed', 'exportación'],
    ['a Factura E to a local customer', invoiceB({ number: 5, letter: 'E', items: noIva }), 'letter_not_allowed', 'exportación'],
    ['an invoice to the company\'s own CUIT', invoiceB({ number: 6, letter: 'A', customerRef: 'self' }), 'receiver_is_issuer', 'mismo CUIT'],
  ])('refuses %s with a 422 that states the rule, writing nothing', async (_what, body, code, says) => {
    const before = await invoices();
    const res = await t.api('POST', '/api/invoices', body);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code, message: expect.stringContaining(says) });
    expect(res.body.error.field).toBe(code === 'receiver_is_issuer' ? 'customerRef' : 'letter');
    expect(await invoices()).toBe(before);
  });

  it('issues A to a Responsable Inscripto, B to a consumidor final and E to a customer abroad', async () => {
    const a = await t.api('POST', '/api/invoices', invoiceB({ number: 10, letter: 'A', customerRef: 'metalurgica' }));
    const b = await t.api('POST', '/api/invoices', invoiceB({ number: 10 }));
    const e = await t.api('POST', '/api/invoices', invoiceB({ number: 10, letter: 'E', customerRef: 'abroad', currency: 'DOL', exchangeRate: '1050.5', items: noIva }));
    expect([a.status, b.status, e.status]).toEqual([201, 201, 201]);
    expect(e.body).toMatchObject({ voucherCode: 19, total: '7500.00' });
    const pdf = pdfText((await fetchPdf(e.body.id)).bytes);
    expect(pdf).toMatch(/ID Impositivo: EIN 12-3456789/);
    expect(pdf).toMatch(/Condición frente al IVA: Cliente del Exterior/);
  });

  it('gives credit and debit notes the letter and currency of the invoice they apply to', async () => {
    const invoice = (await t.api('POST', '/api/invoices', invoiceB({ number: 20, dueDate: '2999-01-01' }))).body;
    const noteA = await t.api('POST', '/api/invoices', invoiceB({ kind: 'NOTA_DEBITO', letter: 'A', number: 20, appliesToInvoiceId: invoice.id }));
    expect(noteA.status).toBe(422);
    expect(noteA.body.error).toMatchObject({ code: 'letter_mismatch', field: 'letter', message: expect.stringContaining('(B 0001-00000020)') });
    const dollars = await t.api('POST', '/api/invoices', invoiceB({ kind: 'NOTA_CREDITO', number: 20, currency: 'DOL', exchangeRate: '1000', appliesToInvoiceId: invoice.id }));
    expect(dollars.body.error).toMatchObject({ code: 'currency_mismatch', field: 'currency' });
    const debit = await t.api('POST', '/api/invoices', invoiceB({ kind: 'NOTA_DEBITO', number: 20, appliesToInvoiceId: invoice.id }));
    expect(debit.status).toBe(201);
  });

  it('refuses a credit note larger than the balance of its invoice, and keeps the balance', async () => {
    const invoice = (await t.api('POST', '/api/invoices', invoiceB({ number: 30, dueDate: '2999-01-01' }))).body;
    await t.api('POST', `/api/invoices/${invoice.id}/payments`, { amount: '40.00', date: '2020-08-01' });
    const item = (unitPrice: string) => [{ description: 'Devolución', quantity: '1', unitPrice, ivaRate: '21' }];
    // Balance 14.33: a note of 12.10 fits, one of 14.52 does not.
    const tooMuch = await t.api('POST', '/api/invoices', invoiceB({ kind: 'NOTA_CREDITO', number: 30, appliesToInvoiceId: invoice.id, items: item('12') }));
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toEqual({
      code: 'credit_exceeds_balance',
      field: 'total',
      message: 'La nota de crédito ($ 14,52) supera el saldo pendiente de la factura B 0001-00000030 ($ 14,33).',
    });
    expect((await t.api('GET', `/api/invoices/${invoice.id}`)).body.balance).toBe('14.33');
    const fits = await t.api('POST', '/api/invoices', invoiceB({ kind: 'NOTA_CREDITO', number: 30, appliesToInvoiceId: invoice.id, items: item('10') }));
    expect(fits.status).toBe(201);
    expect((await t.api('GET', `/api/invoices/${invoice.id}`)).body.balance).toBe('2.23');
  });

  it('lets only one of two racing credit notes for the whole balance through', async () => {
    const invoice = (await t.api('POST', '/api/invoices', invoiceB({ number: 40, dueDate: '2999-01-01' }))).body;
    const note = (number: number) =>
      t.api('POST', '/api/invoices', invoiceB({ kind: 'NOTA_CREDITO', number, appliesToInvoiceId: invoice.id }));
    const results = await Promise.all([note(41), note(42), note(43)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.error.code === 'credit_exceeds_balance')).toBe(true);
    expect((await t.api('GET', `/api/invoices/${invoice.id}`)).body).toMatchObject({ balance: '0.00', status: 'pagada' });
  });

  it('prints the Condición de venta on the PDF: "Cuenta corriente" unless told', async () => {
    const current = await t.api('POST', '/api/invoices', invoiceB({ number: 50 }));
    expect(current.body.saleCondition).toBe('Cuenta corriente');
    const cash = await t.api('POST', '/api/invoices', invoiceB({ number: 51, saleCondition: '  Contado ' }));
    expect(cash.body.saleCondition).toBe('Contado');
    expect((await t.api('GET', `/api/invoices/${cash.body.id}`)).body.saleCondition).toBe('Contado');
    expect(pdfText((await fetchPdf(current.body.id)).bytes)).toMatch(/Condición de venta: Cuenta corriente/);
    expect(pdfText((await fetchPdf(cash.body.id)).bytes)).toMatch(/Condición de venta: Contado/);
    const long = await t.api('POST', '/api/invoices', invoiceB({ number: 52, saleCondition: 'x'.repeat(51) }));
    expect(long.body.error).toMatchObject({ code: 'invalid_body', field: 'saleCondition' });
  });

  it('documents the rules and the new values in OpenAPI', async () => {
    const doc = await (await fetch(`${t.url}/api/docs/openapi.json`)).json();
    const schemas = doc.components.schemas;
    expect(schemas.InvoiceBody.properties.saleCondition).toMatchObject({ default: 'Cuenta corriente', maxLength: 50 });
    expect(schemas.CustomerBody.properties.docType.enum).toContain('EXT');
    expect(schemas.CustomerBody.properties.ivaCondition.enum).toContain('CLIENTE_EXTERIOR');
    expect(schemas.CompanyBody.properties.ivaCondition.enum).toEqual(['RESPONSABLE_INSCRIPTO', 'MONOTRIBUTO', 'EXENTO']);
  });

  async function fetchPdf(id: string): Promise<{ bytes: Buffer }> {
    const res = await fetch(`${t.url}/api/invoices/${id}/pdf`, { headers: { authorization: `Bearer ${t.config.apiToken}` } });
    expect(res.status).toBe(200);
    return { bytes: Buffer.from(await res.arrayBuffer()) };
  }
});
