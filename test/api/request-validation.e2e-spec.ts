import { readdirSync } from 'node:fs';
import { PrismaService } from '../../src/database/prisma.service';
import { company, donPepe, invoiceB } from '../support/sample-data';
import { startTestApp, TEST_API_TOKEN, TestApp } from '../support/test-app';

/**
 * Bad input from outside, as an attacker or a new user sends it: a clear
 * Spanish error naming the field, and nothing written.
 */
describe('Request bodies: JSON or a 415', () => {
  let t: TestApp;
  let invoiceId: string;
  beforeAll(async () => {
    t = await startTestApp();
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
    invoiceId = (await t.api('POST', '/api/invoices', invoiceB())).body.id;
  });
  afterAll(() => t.close());

  const raw = (method: string, path: string, body: string | undefined, headers: Record<string, string>) =>
    fetch(t.url + path, { method, headers: { authorization: `Bearer ${TEST_API_TOKEN}`, ...headers }, body });
  const sent = async () => ({
    deliveries: await t.app.get(PrismaService).client.delivery.count(),
    outbox: readdirSync(t.outboxDir).length,
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['no Content-Type', {}],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['JSON in another charset', { 'content-type': 'application/json; charset=latin1' }],
    ['a JSON look-alike type', { 'content-type': 'application/jsonp' }],
  ])('refuses a send whose body comes as %s, instead of mailing the customer with the defaults', async (_what, headers) => {
    const before = await sent();
    // A Blob keeps fetch from adding a Content-Type of its own.
    const body = new Blob([JSON.stringify({ to: 'only-me@example.com' })]);
    const res = await fetch(`${t.url}/api/invoices/${invoiceId}/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, ...headers },
      body,
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: { code: 'unsupported_media_type', message: 'El cuerpo debe ser JSON: envíelo con Content-Type: application/json (UTF-8).' },
    });
    expect(await sent()).toEqual(before);
  });

  it('takes JSON with or without charset=utf-8, and a send without a body', async () => {
    const company2 = await raw('PUT', '/api/company', JSON.stringify(company), { 'content-type': 'Application/JSON; charset="UTF-8"' });
    expect(company2.status).toBe(200);
    const bodyless = await raw('POST', `/api/invoices/${invoiceId}/send`, undefined, {});
    expect(bodyless.status).toBe(202);
    expect((await bodyless.json()).to).toEqual(['pagos@donpepe.com.ar', 'admin@donpepe.com.ar']);
  });

  it('refuses a non-JSON body on every route that takes one, writing nothing', async () => {
    const form = { 'content-type': 'text/plain' };
    const db = t.app.get(PrismaService).client;
    const invoices = await db.invoice.count();
    expect((await raw('PUT', '/api/company', JSON.stringify({ ...company, legalName: 'Otra' }), form)).status).toBe(415);
    expect((await raw('PUT', '/api/customers/otro', JSON.stringify(donPepe), form)).status).toBe(415);
    expect((await raw('POST', '/api/invoices', JSON.stringify(invoiceB({ number: 2 })), form)).status).toBe(415);
    expect((await raw('POST', `/api/invoices/${invoiceId}/payments`, '{"amount":"1","date":"2020-08-01"}', form)).status).toBe(415);
    expect((await t.api('GET', '/api/company')).body.legalName).toBe(company.legalName);
    expect(await db.customer.count()).toBe(1);
    expect(await db.invoice.count()).toBe(invoices);
    expect(await db.payment.count()).toBe(0);
  });

  it('answers 401 before looking at the body of a caller without the token', async () => {
    const res = await fetch(`${t.url}/api/company`, { method: 'PUT', body: 'no es JSON', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(401);
  });

  it('answers the SendGrid webhook 415, not 500, without a JSON body', async () => {
    const text = await fetch(`${t.url}/webhooks/sendgrid`, { method: 'POST', body: '[]', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const none = await fetch(`${t.url}/webhooks/sendgrid`, { method: 'POST' });
    expect(none.status).toBe(415);
    const form = await fetch(`${t.url}/webhooks/sendgrid`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    expect(form.status).toBe(415);
  });

  it('answers 400, never 500, to deeply nested JSON', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    for (const body of [deep(5000), `{"items":${deep(5000)}}`, `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`]) {
      const res = await t.api('POST', '/api/invoices', body);
      expect(res.status).toBe(400);
      // Refused on the bytes, before anything parses or walks it.
      expect(res.body.error).toEqual({
        code: 'invalid_body',
        message: 'El cuerpo JSON está anidado a más de 32 niveles; ninguna solicitud de esta API lo necesita.',
      });
    }
    const send = await t.api('POST', `/api/invoices/${invoiceId}/send`, `{"to":${deep(5000)}}`);
    expect(send.status).toBe(400);
    const webhook = await fetch(`${t.url}/webhooks/sendgrid`, { method: 'POST', body: deep(5000), headers: { 'content-type': 'application/json' } });
    expect(webhook.status).toBe(400);
  });

  it.each([
    ['__proto__', '{"__proto__":{"to":"otro@x.com"},"subject":"Hola"}'],
    ['constructor', '{"constructor":{"x":1}}'],
    ['prototype', '{"subject":"Hola","copyTo":{"prototype":1}}'],
  ])('refuses a body with a %s key, which validation would never see, and sends nothing', async (key, body) => {
    const before = await sent();
    const res = await t.api('POST', `/api/invoices/${invoiceId}/send`, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'invalid_body', message: `${key}: no es un campo admitido.`, field: key });
    expect(await sent()).toEqual(before);
  });

  it('says a JSON body that is not an object is one, not that it is not JSON', async () => {
    for (const body of ['null', '"hola"', '12']) {
      const res = await t.api('PUT', '/api/company', body);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'invalid_body', message: 'El cuerpo debe ser un objeto JSON.' });
    }
    expect((await t.api('PUT', '/api/company', 'nul')).body.error.code).toBe('invalid_json');
  });
});

describe('Field rules: Spanish 4xx naming the field, nothing stored', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
  });
  afterAll(() => t.close());

  const counts = async () => {
    const db = t.app.get(PrismaService).client;
    return { customers: await db.customer.count(), invoices: await db.invoice.count(), payments: await db.payment.count() };
  };
  const expectError = (res: { status: number; body: any }, status: number, code: string, field?: string) => {
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, ...(field ? { field } : {}) });
    // Spanish, and none of class-validator's English.
    expect(res.body.error.message).not.toMatch(/\b(should|must|property|expected|each value|Validation failed)\b/);
  };

  it.each([
    ['a CR/LF in the legal name', { ...company, legalName: 'Tornillos del Sur\r\nBcc: evil@x.com' }, 'not_single_line', 'legalName'],
    ['a NUL in the legal name', { ...company, legalName: 'Tornillos\u0000del Sur' }, 'control_characters', 'legalName'],
    ['a blank legal name', { ...company, legalName: '   ' }, 'blank_field', 'legalName'],
    ['a line break in the address', { ...company, address: 'Av. Corrientes 1234\nCABA' }, 'not_single_line', 'address'],
    ['a consumidor final as issuer', { ...company, ivaCondition: 'CONSUMIDOR_FINAL' }, 'invalid_iva_condition', 'ivaCondition'],
  ])('refuses a company with %s (422) and keeps the one it had', async (_what, body, code, field) => {
    expectError(await t.api('PUT', '/api/company', body), 422, code, field);
    expect((await t.api('GET', '/api/company')).body).toMatchObject({ legalName: company.legalName, address: company.address });
  });

  it('sends the next default mail from the legal name as stored: one clean line', async () => {
    await t.api('PUT', '/api/company', { ...company, legalName: '  Tornillos del Sur S.R.L.\n' });
    expect((await t.api('GET', '/api/company')).body.legalName).toBe('Tornillos del Sur S.R.L.');
  });

  it.each([
    ['a header injected after an address', { email: 'a@b.com\r\nBcc: evil@x.com' }, 'not_single_line', 'email'],
    ['a group of addresses', { email: 'Amigos: a@b.com, evil@x.com;' }, 'invalid_recipient', 'email'],
    ['a NUL in an address', { email: 'a@b.com\u0000' }, 'control_characters', 'email'],
    ['a name of only spaces', { name: ' \t ' }, 'blank_field', 'name'],
    ['a line break in the name', { name: 'Don Pepe\r\nS.A.' }, 'not_single_line', 'name'],
    ['a bidi override in the name', { name: 'Don Pepe \u202eA.S' }, 'control_characters', 'name'],
    ['a line break in the address', { address: 'Mitre 500\nAvellaneda' }, 'not_single_line', 'address'],
    ['a foreign tax id with a CUIT condition', { docType: 'EXT', docNumber: 'EIN 1' }, 'invalid_iva_condition', 'ivaCondition'],
  ])('refuses a customer with %s (422) and writes nothing', async (_what, change, code, field) => {
    const before = await counts();
    expectError(await t.api('PUT', '/api/customers/nuevo', { ...donPepe, ...change }), 422, code, field);
    expect(await counts()).toEqual(before);
  });

  it('refuses a customer reference with a line break (422 on ref)', async () => {
    expectError(await t.api('PUT', `/api/customers/${encodeURIComponent('pepe\r\nx')}`, donPepe), 422, 'not_single_line', 'ref');
  });

  it.each([
    ['a CR/LF in an item code', invoiceB({ number: 10, items: [{ code: 'A\r\nB', description: 'x', quantity: '1', unitPrice: '1', ivaRate: '21' }] }), 'not_single_line', 'items[0].code'],
    ['a NUL in a description', invoiceB({ number: 11, items: [{ description: 'ok', quantity: '1', unitPrice: '1', ivaRate: '21' }, { description: 'x\u0000', quantity: '1', unitPrice: '1', ivaRate: '21' }] }), 'control_characters', 'items[1].description'],
    ['a description of only spaces', invoiceB({ number: 12, items: [{ description: '   ', quantity: '1', unitPrice: '1', ivaRate: '21' }] }), 'blank_field', 'items[0].description'],
    ['a line break in the customer reference', invoiceB({ number: 13, customerRef: 'donpepe\n' + 'x' }), 'not_single_line', 'customerRef'],
    ['a line break in the sale condition', invoiceB({ number: 14, saleCondition: 'Contado\r\nBcc: x' }), 'not_single_line', 'saleCondition'],
    ['a line total beyond 15 digits', invoiceB({ number: 15, items: [{ description: 'x', quantity: '100000', unitPrice: '99999999999999', ivaRate: '21' }] }), 'amount_too_large', 'items[0]'],
    ['a total beyond 15 digits', invoiceB({ number: 16, items: Array.from({ length: 20 }, () => ({ description: 'x', quantity: '1', unitPrice: '99999999999999', ivaRate: '21' })) }), 'amount_too_large', 'items'],
  ])('refuses an invoice with %s (422) and writes nothing', async (_what, body, code, field) => {
    const before = await counts();
    expectError(await t.api('POST', '/api/invoices', body), 422, code, field);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['" 1 " as a quantity', invoiceB({ number: 20, items: [{ description: 'x', quantity: ' 1 ', unitPrice: '1', ivaRate: '21' }] }), 'items[0].quantity'],
    ['a 28-digit price', invoiceB({ number: 21, items: [{ description: 'x', quantity: '1', unitPrice: '1234567890123456789012345678', ivaRate: '21' }] }), 'items[0].unitPrice'],
    ['a price with 7 decimals', invoiceB({ number: 22, items: [{ description: 'x', quantity: '1', unitPrice: '1.1234567', ivaRate: '21' }] }), 'items[0].unitPrice'],
    ['an exponent', invoiceB({ number: 23, items: [{ description: 'x', quantity: '1e3', unitPrice: '1', ivaRate: '21' }] }), 'items[0].quantity'],
    ['a total with 3 decimals', invoiceB({ number: 24, total: '54.330' }), 'total'],
    ['an exchange rate with spaces', invoiceB({ number: 25, currency: 'DOL', exchangeRate: ' 1000 ' }), 'exchangeRate'],
    ['an unknown field', invoiceB({ number: 26, para: 'x' }), 'para'],
    ['an item that is not an object', invoiceB({ number: 27, items: ['x'] }), 'items[0]'],
  ])('answers 400 to %s, naming the field in Spanish', async (_what, body, field) => {
    const before = await counts();
    const res = await t.api('POST', '/api/invoices', body);
    expectError(res, 400, 'invalid_body', field);
    expect(res.body.error.message).toMatch(/^Datos inválidos: /);
    expect(await counts()).toEqual(before);
  });

  it('reads an unknown field and an array body in Spanish', async () => {
    const unknown = await t.api('POST', '/api/invoices', invoiceB({ number: 30, para: 'x' }));
    expect(unknown.body.error.message).toBe('Datos inválidos: para: no es un campo admitido');
    const array = await t.api('POST', '/api/invoices', [invoiceB({ number: 31 })]);
    expectError(array, 400, 'invalid_body');
    expect(array.body.error.message).toBe('El cuerpo debe ser un objeto JSON ({ … }).');
  });

  it('answers a NUL anywhere in a body with a 422 naming where it is, before any other check', async () => {
    const id = (await t.api('POST', '/api/invoices', invoiceB({ number: 50, dueDate: '2999-01-01' }))).body.id;
    const before = await counts();
    expectError(await t.api('POST', `/api/invoices/${id}/payments`, { amount: '1', date: '2020-08-01\u0000' }), 422, 'control_characters', 'date');
    expectError(
      await t.api('POST', '/api/invoices', invoiceB({ number: 51, items: [{ description: 'x', quantity: '1', unitPrice: '1', ivaRate: '2\u00001' }] })),
      422,
      'control_characters',
      'items[0].ivaRate',
    );
    expectError(await t.api('POST', `/api/invoices/${id}/send`, { copyTo: 'yo@empresa.com\u0000' }), 422, 'control_characters', 'copyTo');
    expect(await counts()).toEqual(before);
  });

  it('bounds payments: at most 2 decimals and 15 digits, no spaces', async () => {
    const id = (await t.api('POST', '/api/invoices', invoiceB({ number: 40, dueDate: '2999-01-01' }))).body.id;
    for (const amount of ['1.001', ' 1', '1234567890123456', '1e1']) {
      expectError(await t.api('POST', `/api/invoices/${id}/payments`, { amount, date: '2020-08-01' }), 400, 'invalid_body', 'amount');
    }
    expect((await counts()).payments).toBe(0);
  });
});
