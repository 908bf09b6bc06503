import { join } from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { PrismaService } from '../../src/database/prisma.service';
import { demoReport, loadDemo } from '../../src/demo/demo.loader';
import { startTestApp, TestApp } from '../support/test-app';

describe('npm run demo:load', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  let firstIds: string[] = [];

  it('loads a plausible data set: A to an inscripto (overdue), B to a consumidor final (paid), E abroad (pending)', async () => {
    const loaded = await loadDemo(t.app);
    firstIds = loaded.map((l) => l.invoice.id);
    expect(loaded.map((l) => [l.label, l.invoice.customer.ivaCondition, l.invoice.status, l.created])).toEqual([
      ['FACTURA A 0001-00000001', 'RESPONSABLE_INSCRIPTO', 'vencida', true],
      ['FACTURA B 0001-00000123', 'CONSUMIDOR_FINAL', 'pagada', true],
      ['FACTURA E 0003-00000057', 'CLIENTE_EXTERIOR', 'pendiente', true],
    ]);
    const company = (await t.api('GET', '/api/company')).body;
    const customers = await Promise.all(['metalurgica', 'donpepe', 'montevideo'].map(async (ref) => (await t.api('GET', `/api/customers/${ref}`)).body));
    // Nobody is invoiced under the company's own CUIT.
    expect(customers.map((c) => c.docNumber)).not.toContain(company.cuit);
    // Each one renders: what a new user opens first.
    for (const { invoice } of loaded) {
      const pdf = await fetch(`${t.url}/api/invoices/${invoice.id}/pdf`, { headers: { authorization: `Bearer ${t.config.apiToken}` } });
      expect(pdf.status).toBe(200);
    }
  });

  it('prints the ids and where the token is again on a second run, changing nothing', async () => {
    const db = t.app.get(PrismaService).client;
    const counts = async () => [await db.invoice.count(), await db.payment.count(), await db.customer.count()];
    const before = await counts();
    const again = await loadDemo(t.app);
    expect(again.map((l) => [l.invoice.id, l.created])).toEqual(firstIds.map((id) => [id, false]));
    const lines = demoReport(again, t.config);
    for (const { invoice } of again) expect(lines.join('\n')).toContain(`id ${invoice.id} (already loaded)`);
    expect(lines).toContain('API token: the API_TOKEN of your environment. Use: Authorization: Bearer $API_TOKEN');
    expect(await counts()).toEqual(before);

    const fromFile = new AppConfig({ ...t.config, apiTokenSource: 'file', varDir: join('/srv/factura', 'var') });
    expect(demoReport(again, fromFile, '/srv/factura')).toContain('API token: in var/api-token (API_TOKEN not set). Use: Authorization: Bearer $(cat var/api-token)');
  });
});
