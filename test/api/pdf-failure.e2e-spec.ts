import { existsSync, readdirSync } from 'node:fs';
import { company, donPepe, invoiceB } from '../support/sample-data';
import { startTestApp, TestApp } from '../support/test-app';

describe('When Chromium cannot render', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await startTestApp({ CHROMIUM_PATH: '/nonexistent/chromium' });
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
    id = (await t.api('POST', '/api/invoices', invoiceB())).body.id;
  });
  afterAll(() => t.close());

  it('answers the PDF route with a Spanish 503, no stack trace', async () => {
    const res = await t.api('GET', `/api/invoices/${id}/pdf`);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: { code: 'pdf_unavailable', message: 'No se pudo generar el PDF de la factura; intente de nuevo en unos minutos.' } });
  });

  it('refuses to send, recording no delivery and writing no e-mail', async () => {
    const res = await t.api('POST', `/api/invoices/${id}/send`, {});
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('pdf_unavailable');
    expect((await t.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries).toEqual([]);
    expect(existsSync(t.outboxDir) ? readdirSync(t.outboxDir) : []).toEqual([]);
    const invoice = await t.api('GET', `/api/invoices/${id}`);
    expect(invoice.body.total).toBe('54.33');
  });
});
