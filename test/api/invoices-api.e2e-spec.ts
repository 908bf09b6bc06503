import { EventEmitter2 } from '@nestjs/event-emitter';
import { PrismaService } from '../../src/database/prisma.service';
import { InvoiceSavedEvent } from '../../src/invoices/invoice-saved.event';
import { company, donPepe, invoiceB, metalurgica } from '../support/sample-data';
import { startTestApp, TestApp } from '../support/test-app';

// Each test states the data it needs: the company and two customers come
// from beforeAll, every invoice a test relies on is created by that test, so
// any test passes alone (jest -t) or in any order.

describe('REST API: access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /health once the database is ready', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: t.db.kind });
  });

  it('refuses /api/* without the bearer token or with a wrong one, writing nothing', async () => {
    const none = await fetch(`${t.url}/api/company`, { method: 'PUT', body: '{}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/token/) } });
    const wrong = await t.api('PUT', '/api/company', company, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(await t.app.get(PrismaService).client.company.count()).toBe(0);
  });
});

describe('REST API: company, customers, invoices, payments', () => {
  let t: TestApp;
  let saved: string[];

  beforeAll(async () => {
    t = await startTestApp();
    saved = [];
    t.app.get(EventEmitter2).on(InvoiceSavedEvent.NAME, (e: InvoiceSavedEvent) => saved.push(e.invoiceId));
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
    await t.api('PUT', '/api/customers/metalurgica', metalurgica);
  });
  afterAll(() => t.close());

  const counts = async () => {
    const db = t.app.get(PrismaService).client;
    return {
      company: await db.company.count(),
      customers: await db.customer.count(),
      invoices: await db.invoice.count(),
      items: await db.invoiceItem.count(),
      payments: await db.payment.count(),
    };
  };

  it('saves the company and the customer (201 on create, 200 on update)', async () => {
    const c = await t.api('PUT', '/api/company', company);
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ legalName: 'Tornillos del Sur S.R.L.', cuit: '30-71234567-1', portalEnabled: true });

    const created = await t.api('PUT', '/api/customers/nuevo', donPepe);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ref: 'nuevo', email: 'pagos@donpepe.com.ar; admin@donpepe.com.ar' });
    const updated = await t.api('PUT', '/api/customers/nuevo', { ...donPepe, address: 'Nueva 1' });
    expect(updated.status).toBe(200);
    expect(updated.body.address).toBe('Nueva 1');
    expect(updated.body.id).toBe(created.body.id);
  });

  it('creates an invoice with exact totals, the AFIP code and a status, and emits one event', async () => {
    const events = saved.length;
    const res = await t.api('POST', '/api/invoices', invoiceB());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'FACTURA',
      letter: 'B',
      pointOfSale: 1,
      number: 123,
      displayNumber: '0001-00000123',
      voucherCode: 6,
      customerRef: 'donpepe',
      issueDate: '2020-07-14',
      dueDate: '2020-08-13',
      netTotal: '44.90',
      ivaTotal: '9.43',
      total: '54.33',
      balance: '54.33',
      status: 'vencida',
      cae: '70123456789012',
      items: [{ description: 'Tornillos 3/8', quantity: '1', unitPrice: '44.9', ivaRate: '21', lineTotal: '44.90' }],
      taxTotals: [{ rate: '21', net: '44.90', iva: '9.43' }],
    });
    expect(saved.slice(events)).toEqual([res.body.id]);

    const got = await t.api('GET', `/api/invoices/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.total).toBe('54.33');
  });

  it('keeps numbering per voucher type: the same number as a Factura A is another invoice', async () => {
    const b = await t.api('POST', '/api/invoices', invoiceB({ number: 140 }));
    const a = await t.api('POST', '/api/invoices', invoiceB({ number: 140, letter: 'A', customerRef: 'metalurgica' }));
    expect([b.status, a.status]).toEqual([201, 201]);
    expect(a.body).toMatchObject({ voucherCode: 1, displayNumber: '0001-00000140' });
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('answers 409 to a repeated kind, letter, point of sale and number, writing nothing', async () => {
    expect((await t.api('POST', '/api/invoices', invoiceB({ number: 150 }))).status).toBe(201);
    const before = await counts();
    const events = saved.length;
    const res = await t.api('POST', '/api/invoices', invoiceB({ number: 150, items: [{ description: 'x', quantity: '2', unitPrice: '1', ivaRate: '21' }] }));
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({ code: 'duplicate_invoice', message: 'Ya existe la factura B 0001-00000150.' });
    expect(await counts()).toEqual(before);
    expect(saved.length).toBe(events);
  });

  it.each([
    ['an unknown letter', invoiceB({ letter: 'Z', number: 900 }), 'invalid_letter'],
    ['an unknown kind', invoiceB({ kind: 'RECIBO', number: 901 }), 'invalid_kind'],
    ['a due date before the issue date', invoiceB({ number: 902, dueDate: '2020-07-01' }), 'due_before_issue'],
    ['a total that does not match the items', invoiceB({ number: 903, total: '54.32' }), 'total_mismatch'],
    ['an unknown customer ref', invoiceB({ number: 904, customerRef: 'nadie' }), 'unknown_customer'],
    ['an unknown IVA rate', invoiceB({ number: 905, items: [{ description: 'x', quantity: '1', unitPrice: '1', ivaRate: '19' }] }), 'invalid_iva_rate'],
    ['IVA on a Factura C', invoiceB({ number: 906, letter: 'C' }), 'invalid_iva_rate'],
    ['a zero quantity', invoiceB({ number: 907, items: [{ description: 'x', quantity: '0', unitPrice: '1', ivaRate: '21' }] }), 'invalid_quantity'],
    ['a CAE that is not 14 digits', invoiceB({ number: 908, cae: '123' }), 'invalid_cae'],
  ])('answers 422 to %s and writes nothing', async (_what, body, code) => {
    const before = await counts();
    const events = saved.length;
    const res = await t.api('POST', '/api/invoices', body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[a-záéíóúñ]/i);
    expect(await counts()).toEqual(before);
    expect(saved.length).toBe(events);
  });

  it.each([
    ['malformed JSON', '{"kind": "FACTURA",', 'invalid_json'],
    ['a number as a number', { ...invoiceB({ number: 910 }), items: [{ description: 'x', quantity: 1, unitPrice: '1', ivaRate: '21' }] }, 'invalid_body'],
    ['a string point of sale', invoiceB({ number: 911, pointOfSale: '1' }), 'invalid_body'],
    ['an impossible date', invoiceB({ number: 912, issueDate: '2020-02-30' }), 'invalid_body'],
    ['no items', invoiceB({ number: 913, items: [] }), 'invalid_body'],
    ['an array body', [invoiceB({ number: 914 })], 'invalid_body'],
  ])('answers 400 to %s and writes nothing', async (_what, body, code) => {
    const before = await counts();
    const res = await t.api('POST', '/api/invoices', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a CUIT with a wrong check digit', { ...company, cuit: '30-71234567-2' }, 'invalid_cuit'],
    ['an unknown IVA condition', { ...company, ivaCondition: 'MAYBE' }, 'invalid_iva_condition'],
  ])('refuses a company with %s (422)', async (_what, body, code) => {
    const res = await t.api('PUT', '/api/company', body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe(code);
    const current = await t.api('GET', '/api/company');
    expect(current.body.cuit).toBe('30-71234567-1');
  });

  it.each([
    ['a bad address among several', { ...donPepe, email: 'ok@donpepe.com.ar; no-es-mail' }, 'invalid_recipient', /no-es-mail/],
    ['a CUIT with a wrong check digit', { ...donPepe, docNumber: '20-12345678-0' }, 'invalid_doc_number', /20-12345678-0/],
    ['a number for a consumidor final', { ...donPepe, docType: 'CF', docNumber: '123' }, 'invalid_doc_number', /consumidor final/i],
    ['a DNI with letters', { ...donPepe, docType: 'DNI', docNumber: '12A45678' }, 'invalid_doc_number', /DNI/],
  ])('refuses a customer with %s (422) and writes nothing', async (_what, body, code, message) => {
    const before = await counts();
    const res = await t.api('PUT', '/api/customers/otro', body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('accepts a consumidor final without number and a DNI with dots', async () => {
    const cf = await t.api('PUT', '/api/customers/mostrador', { ...donPepe, docType: 'CF', docNumber: undefined, email: undefined });
    expect(cf.status).toBe(201);
    expect(cf.body).toMatchObject({ docType: 'CF', docNumber: null, email: null });
    const dni = await t.api('PUT', '/api/customers/juan', { ...donPepe, docType: 'DNI', docNumber: '12.345.678' });
    expect(dni.body.docNumber).toBe('12345678');
  });

  it('records payments up to the balance, then marks the invoice paid', async () => {
    const inv = await t.api('POST', '/api/invoices', invoiceB({ number: 200, dueDate: '2999-01-01' }));
    expect(inv.body.status).toBe('pendiente');

    const part = await t.api('POST', `/api/invoices/${inv.body.id}/payments`, { amount: '20.00', date: '2020-08-01' });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ balance: '34.33', status: 'pendiente' });

    const before = await counts();
    const over = await t.api('POST', `/api/invoices/${inv.body.id}/payments`, { amount: '34.34', date: '2020-08-10' });
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('payment_exceeds_balance');
    // A payment dated after today (a mistyped year) would lower today's balance before it was made.
    const future = await t.api('POST', `/api/invoices/${inv.body.id}/payments`, { amount: '1.00', date: '3020-08-10' });
    expect(future.status).toBe(422);
    expect(future.body.error).toEqual({ code: 'payment_in_future', message: 'La fecha del pago (10-08-3020) no puede ser posterior a hoy.', field: 'date' });
    expect(await counts()).toEqual(before);

    const rest = await t.api('POST', `/api/invoices/${inv.body.id}/payments`, { amount: '34.33', date: '2020-08-10' });
    expect(rest.body).toMatchObject({ balance: '0.00', status: 'pagada' });
    expect(rest.body.payments).toHaveLength(2);
  });

  it('lets only one of two racing payments of the whole balance through', async () => {
    const inv = await t.api('POST', '/api/invoices', invoiceB({ number: 250, dueDate: '2999-01-01' }));
    const pay = () => t.api('POST', `/api/invoices/${inv.body.id}/payments`, { amount: '54.33', date: '2020-08-10' });
    const results = await Promise.all([pay(), pay(), pay()]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    const after = await t.api('GET', `/api/invoices/${inv.body.id}`);
    expect(after.body).toMatchObject({ balance: '0.00', status: 'pagada' });
    expect(after.body.payments).toHaveLength(1);
  });

  it('lowers the balance by the credit notes applied to an invoice', async () => {
    const inv = await t.api('POST', '/api/invoices', invoiceB({ number: 300, dueDate: '2999-01-01' }));
    const nc = await t.api(
      'POST',
      '/api/invoices',
      invoiceB({ kind: 'NOTA_CREDITO', number: 300, appliesToInvoiceId: inv.body.id, items: [{ description: 'Devolución', quantity: '1', unitPrice: '10', ivaRate: '21' }] }),
    );
    expect(nc.status).toBe(201);
    expect(nc.body).toMatchObject({ voucherCode: 8, total: '12.10', balance: '0.00' });
    const after = await t.api('GET', `/api/invoices/${inv.body.id}`);
    expect(after.body.balance).toBe('42.23');
  });

  it('answers 404 to unknown invoices, in Spanish JSON', async () => {
    const res = await t.api('GET', '/api/invoices/no-existe');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'invoice_not_found', message: 'No existe la factura "no-existe".' } });
    const pay = await t.api('POST', '/api/invoices/no-existe/payments', { amount: '1', date: '2020-01-01' });
    expect(pay.status).toBe(404);
  });

  it('describes the API in OpenAPI at /api/docs', async () => {
    const res = await fetch(`${t.url}/api/docs/openapi.json`);
    const doc = await res.json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/company', '/api/customers/{ref}', '/api/invoices', '/api/invoices/{id}', '/api/invoices/{id}/payments']));
    expect(doc.components.schemas.InvoiceBody.properties.items).toBeDefined();
    const html = await fetch(`${t.url}/api/docs`);
    expect(html.status).toBe(200);
  });
});

describe('Looking an invoice up by the number a person types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
    await t.api('PUT', '/api/customers/metalurgica', metalurgica);
    await t.api('POST', '/api/invoices', invoiceB());
    await t.api('POST', '/api/invoices', invoiceB({ letter: 'A', customerRef: 'metalurgica' }));
  });
  afterAll(() => t.close());

  const find = async (number: string) => t.api('GET', `/api/invoices?number=${encodeURIComponent(number)}`);

  it('returns every candidate when the letter is missing, so the caller can ask which one', async () => {
    const res = await find('1-123');
    expect(res.status).toBe(200);
    expect(res.body.invoices.map((i: { letter: string; displayNumber: string }) => `${i.letter} ${i.displayNumber}`)).toEqual(['A 0001-00000123', 'B 0001-00000123']);
  });

  it.each(['B 0001-123', 'FB-0001-123', 'b1-00000123', '00001-00000123 '.replace('00001-', 'B 00001-')])('finds the one Factura B from %p', async (typed) => {
    const res = await find(typed);
    expect(res.body.invoices).toHaveLength(1);
    expect(res.body.invoices[0]).toMatchObject({ letter: 'B', voucherCode: 6 });
  });

  it('returns nothing for a number that does not exist, and 400 for one that is not a number', async () => {
    expect((await find('C 1-123')).body.invoices).toEqual([]);
    const bad = await find('hola');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_invoice_number');
  });
});
