import { PrismaService } from '../../src/database/prisma.service';
import { pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';
import { createInvoice, get, line, pageText, pay, portalLinkFromEmail, seedCustomers } from './portal-fixtures';

/** The cells of the documents table, one array per row. */
function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => pageText(cell[1]).trim()));
}
const cards = (html: string) => [...html.matchAll(/<div class="card">([\s\S]*?)<\/div>\s*(?=<div class="card">|<\/section>)/g)].map((m) => pageText(m[1]).trim());
const link = (html: string, rel: 'prev' | 'next') => new RegExp(`<a rel="${rel}" href="([^"]+)">`).exec(html)?.[1].replace(/&amp;/g, '&');

describe('What the portal shows', () => {
  let t: TestApp;
  let base: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://clientes.tornillos.com.ar/facturas' });
    await seedCustomers(t);
    // 100 net + 21 % IVA = 121.00 each (letter B).
    ids.overdue = (await createInvoice(t, { number: 1, issueDate: '2024-01-10', dueDate: '2024-02-10', items: line('100') })).id;
    ids.partial = (await createInvoice(t, { number: 2, issueDate: '2024-02-10', dueDate: '2024-03-10', items: line('100') })).id;
    ids.paid = (await createInvoice(t, { number: 3, issueDate: '2024-03-10', dueDate: '2024-04-10', items: line('100') })).id;
    ids.pending = (await createInvoice(t, { number: 4, issueDate: '2024-04-10', dueDate: '2999-04-10', items: line('1000') })).id;
    ids.credit = (await createInvoice(t, { kind: 'NOTA_CREDITO', number: 1, issueDate: '2024-05-10', dueDate: null, items: line('10') })).id;
    ids.dollars = (await createInvoice(t, { number: 5, issueDate: '2024-06-10', dueDate: '2024-07-10', currency: 'DOL', exchangeRate: '950', items: line('50') })).id;
    await createInvoice(t, { number: 6, issueDate: '2024-06-11', dueDate: '2024-07-11', customerRef: 'laesquina', items: line('5000') });
    await pay(t, ids.partial, '21.00');
    await pay(t, ids.paid, '121.00');
    // The proxy in front mounts the app at /facturas: requests to the app itself go without it.
    base = appPath((await portalLinkFromEmail(t, ids.overdue))!);
  });
  afterAll(() => t.close());

  it('shows the balance per currency and its overdue part, as the invoices and payments add up', async () => {
    const page = await get(t, base);
    expect(page.status).toBe(200);
    expect(pageText(page.body)).toContain('Tornillos del Sur S.R.L. CUIT 30-71234567-1');
    expect(pageText(page.body)).toContain('Ferretería Don Pepe');
    // Pesos: 121 + (121 − 21) + 0 + 1210 − 12.10 (credit note applied to nothing); overdue: 121 + 100.
    expect(cards(page.body)).toEqual([
      'Saldo en pesos $ 1.418,90 Vencido: $ 221,00 3 comprobantes con saldo, 2 vencidos Incluye notas de crédito a su favor por $ 12,10',
      'Saldo en dólares US$ 60,50 Vencido: US$ 60,50 1 comprobante con saldo, 1 vencido',
    ]);
    const api = (await t.api('GET', '/api/customers/donpepe/balance')).body.balances;
    expect(api.map((b: { balance: string }) => b.balance)).toEqual(['1418.90', '60.50']);
  });

  it('lists every document newest first with total, paid, balance, status and its PDF link', async () => {
    const rows = tableRows((await get(t, base)).body);
    expect(rows.map((r) => r.slice(0, 7))).toEqual([
      ['10/06/2024', 'Factura B 0001-00000005', '10/07/2024', 'US$ 60,50', 'US$ 0,00', 'US$ 60,50', 'Vencida'],
      ['10/05/2024', 'Nota de crédito B 0001-00000001', '—', '$ -12,10', '—', '$ -12,10', 'A favor'],
      ['10/04/2024', 'Factura B 0001-00000004', '10/04/2999', '$ 1.210,00', '$ 0,00', '$ 1.210,00', 'Pendiente'],
      ['10/03/2024', 'Factura B 0001-00000003', '10/04/2024', '$ 121,00', '$ 121,00', '$ 0,00', 'Pagada'],
      ['10/02/2024', 'Factura B 0001-00000002', '10/03/2024', '$ 121,00', '$ 21,00', '$ 100,00', 'Vencida'],
      ['10/01/2024', 'Factura B 0001-00000001', '10/02/2024', '$ 121,00', '$ 0,00', '$ 121,00', 'Vencida'],
    ]);
    const html = (await get(t, base)).body;
    // Links keep PUBLIC_URL's path, so they work behind the proxy that mounts the app there.
    expect(html).toContain(`href="/facturas${base}/facturas/${ids.paid}.pdf"`);
    expect(html).toContain(`href="/facturas${base}/estado-de-cuenta.pdf"`);
    expect(html).toContain(`action="/facturas${base}"`);
  });

  it('filters by status and issue dates, and says so when nothing matches', async () => {
    const numbers = async (query: string) => tableRows((await get(t, base + query)).body).map((r) => r[1]);
    expect(await numbers('?estado=vencida')).toEqual(['Factura B 0001-00000005', 'Factura B 0001-00000002', 'Factura B 0001-00000001']);
    expect(await numbers('?estado=pendiente')).toEqual(['Factura B 0001-00000004']);
    expect(await numbers('?estado=pagada&desde=2024-03-10')).toEqual(['Nota de crédito B 0001-00000001', 'Factura B 0001-00000003']);
    expect(await numbers('?desde=2024-02-10&hasta=2024-04-10')).toEqual(['Factura B 0001-00000004', 'Factura B 0001-00000003', 'Factura B 0001-00000002']);
    const none = await get(t, `${base}?desde=2030-01-01`);
    expect(pageText(none.body)).toContain('Ningún comprobante coincide con los filtros elegidos.');
    expect(none.body).toContain('<option value="pagada">Pagadas</option>');
    expect((await get(t, `${base}?estado=pagada`)).body).toContain('<option value="pagada" selected>Pagadas</option>');
  });

  it.each([
    ['estado=cobrada', 'El estado elegido no existe'],
    ['desde=2024-13-01', 'La fecha «Desde» no es una fecha válida.'],
    ['hasta=ayer', 'La fecha «Hasta» no es una fecha válida.'],
    ['desde=2024-05-01&hasta=2024-04-01', 'La fecha «Hasta» es anterior a la fecha «Desde».'],
    ['pagina=no-es-un-cursor', 'El enlace de la página no es válido.'],
    ['estado=vencida&estado=pagada', 'El estado elegido no existe'],
  ])('answers a bad filter (%s) with a 400 page that leads back', async (query, message) => {
    const res = await get(t, `${base}?${query}`);
    expect(res.status).toBe(400);
    expect(pageText(res.body)).toContain(message);
    const back = /href="([^"]+)">Volver al listado/.exec(res.body)![1];
    expect((await get(t, new URL(back, t.url + base).pathname)).status).toBe(200);
  });

  it('pages through a hundred documents 50 at a time, forwards and back, keeping the filters', async () => {
    const db = t.app.get(PrismaService).client;
    const customer = await db.customer.findUniqueOrThrow({ where: { ref: 'donpepe' } });
    await db.invoice.createMany({
      data: Array.from({ length: 114 }, (_, i) => ({
        kind: 'FACTURA', letter: 'C', voucherCode: 11, pointOfSale: 9, number: 1000 + i, issueDate: `2023-${String(1 + (i % 12)).padStart(2, '0')}-15`,
        dueDate: '2023-12-31', customerId: customer.id, netTotal: '10.00', ivaTotal: '0.00', total: '10.00', balanceCents: 1000n,
      })),
    });
    const seen: string[] = [];
    let path = `${base}?estado=vencida`;
    const sizes: number[] = [];
    for (;;) {
      const html = (await get(t, path)).body;
      const rows = tableRows(html);
      sizes.push(rows.length);
      seen.push(...rows.map((r) => r[1]));
      const next = link(html, 'next');
      if (!next) break;
      expect(next).toContain('estado=vencida');
      path = appPath(next);
    }
    expect(sizes).toEqual([50, 50, 17]);
    expect(new Set(seen).size).toBe(117);
    const previous = link((await get(t, path)).body, 'prev')!;
    expect(tableRows((await get(t, appPath(previous))).body).map((r) => r[1])).toEqual(seen.slice(50, 100));
  });

  it('downloads an invoice PDF from the render-once store, the same bytes the API serves', async () => {
    const portal = Buffer.from(await (await fetch(`${t.url}${base}/facturas/${ids.partial}.pdf`)).arrayBuffer());
    const api = await fetch(`${t.url}/api/invoices/${ids.partial}/pdf`, { headers: { authorization: `Bearer ${t.config.apiToken}` } });
    expect(Buffer.from(await api.arrayBuffer()).equals(portal)).toBe(true);
    expect(pdfText(portal)).toContain('0001-00000002');
    expect(await t.app.get(PrismaService).client.renderedPdf.count({ where: { invoiceId: ids.partial } })).toBe(1);
  });

  it('downloads the account statement: open documents and the balance as of today', async () => {
    const res = await fetch(`${t.url}${base}/estado-de-cuenta.pdf`);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Estado-de-cuenta-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('ESTADO DE CUENTA');
    expect(text).toContain('Ferretería Don Pepe');
    expect(text).toMatch(/Factura B 0001-00000001\s+10\/02\/2024\s+\d+\s+\$ 121,00\s+\$ 0,00\s+\$ 121,00/);
    expect(text).toMatch(/Factura B 0001-00000002\s+10\/03\/2024\s+\d+\s+\$ 121,00\s+\$ 21,00\s+\$ 100,00/);
    expect(text).toMatch(/Nota de Crédito B 0001-00000001\s+-\s+-\s+\$ -12,10\s+-\s+\$ -12,10/);
    expect(text).not.toContain('0001-00000003'); // paid: not open
    const total = (await t.api('GET', '/api/customers/donpepe/balance')).body.balances[0];
    expect(text).toMatch(new RegExp(`Saldo total:\\s+\\$ ${total.balance.replace('.', ',').replace(/\B(?=(\d{3})+,)/g, '.')}`));
    expect(text).toMatch(/Saldo total:\s+US\$ 60,50/);
  });

  it('shows a customer with no documents a zero balance', async () => {
    const empty = appPath((await t.api('POST', '/api/customers/laesquina/portal-token')).body.url);
    await t.api('PUT', '/api/customers/nuevo', { name: 'Cliente Nuevo', docType: 'CF', ivaCondition: 'CONSUMIDOR_FINAL' });
    const fresh = appPath((await t.api('POST', '/api/customers/nuevo/portal-token')).body.url);
    const page = await get(t, fresh);
    expect(cards(page.body)).toEqual(['Saldo $ 0,00 Vencido: $ 0,00 0 comprobantes con saldo']);
    expect(pageText(page.body)).toContain('Todavía no hay comprobantes.');
    expect(pdfText(Buffer.from(await (await fetch(`${t.url}${fresh}/estado-de-cuenta.pdf`)).arrayBuffer()))).toContain('No hay comprobantes pendientes de pago.');
    expect((await get(t, empty)).status).toBe(200);
  });

  it('says the portal is not available when the company turns it off, and e-mails leave the link out', async () => {
    const company = (await t.api('GET', '/api/company')).body;
    expect((await t.api('PUT', '/api/company', { ...strip(company), portalEnabled: false })).status).toBe(200);
    for (const path of [base, `${base}/facturas/${ids.paid}.pdf`, `${base}/estado-de-cuenta.pdf`, '/portal/cualquier-cosa']) {
      const res = await get(t, path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 404, 'no-store']);
      expect(pageText(res.body)).toContain('El portal de clientes no está disponible');
    }
    expect(await portalLinkFromEmail(t, ids.overdue)).toBeNull();
    await t.api('PUT', '/api/company', { ...strip(company), portalEnabled: true });
    expect((await get(t, base)).status).toBe(200);
  });
});

/** A link as the customer sees it (behind the proxy's /facturas) to the path the app serves. */
function appPath(url: string): string {
  const { pathname, search } = new URL(url, 'https://clientes.tornillos.com.ar');
  return pathname.replace(/^\/facturas/, '') + search;
}

/** The company as PUT /api/company takes it back. */
function strip(company: Record<string, unknown>) {
  const { updatedAt, createdAt, ...body } = company;
  return body;
}
