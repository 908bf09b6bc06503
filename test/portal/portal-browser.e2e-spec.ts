import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/pdf/chromium-pool';
import { freePort } from '../support/free-port';
import { pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';
import { createInvoice, line, pay, portalLinkFromEmail, seedCustomers } from './portal-fixtures';

/** What Chromium logs when the CSP stops the script this test tries to inject. */
const CSP_BLOCKED_SCRIPT = /inline script violates the following Content Security Policy directive 'default-src 'none''/;

/**
 * A customer with a real browser: opens the link of the e-mail in the
 * outbox, reads the balance and the documents, filters, pages, downloads an
 * invoice and the statement. Every request the page makes is recorded.
 */
describe('The portal in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let link: string;
  const requests: string[] = [];
  const consoleMessages: string[] = [];

  // Amounts in cents, as created below: letter B adds 21 % IVA to the net price.
  const overdue = [12100, 12100 - 2100];
  const pending = 121000 + 55 * 1210;

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    await seedCustomers(t);
    const first = await createInvoice(t, { number: 1, issueDate: '2024-01-10', dueDate: '2024-02-10', items: line('100') });
    const partial = await createInvoice(t, { number: 2, issueDate: '2024-02-10', dueDate: '2024-03-10', items: line('100') });
    const paid = await createInvoice(t, { number: 3, issueDate: '2024-03-10', dueDate: '2024-04-10', items: line('100') });
    await createInvoice(t, { number: 4, issueDate: '2024-04-10', dueDate: '2999-01-01', items: line('1000') });
    for (let i = 0; i < 55; i++) await createInvoice(t, { number: 100 + i, issueDate: '2024-05-01', dueDate: '2999-01-01', items: line('10') });
    await createInvoice(t, { number: 9, issueDate: '2024-06-01', dueDate: '2024-06-30', customerRef: 'laesquina', items: line('777') });
    await pay(t, partial.id, '21.00');
    await pay(t, paid.id, '121.00');
    link = (await portalLinkFromEmail(t, first.id))!;

    browser = await chromium.launch({ executablePath: t.config.chromiumPath, args: CHROMIUM_ARGS, timeout: 30_000 });
    context = await browser.newContext({ acceptDownloads: true, locale: 'es-AR' });
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.continue();
    });
    page = await context.newPage();
    page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleMessages.push(`pageerror: ${e.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const rows = async () => page.locator('table.docs tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent!.trim())));
  const money = (cents: number) => `$ ${(cents / 100).toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+,)/g, '.')}`;

  it('opens the link of the e-mail and shows the balance, the overdue part and the documents', async () => {
    expect(link).toMatch(new RegExp(`^${t.url}/portal/[A-Za-z0-9_-]{43}$`));
    const response = await page.goto(link);
    expect(response!.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Facturas y saldos — Ferretería Don Pepe');
    const card = await page.locator('.summary .card').first().innerText();
    expect(card).toContain(money(overdue[0] + overdue[1] + pending));
    expect(card).toContain(`Vencido: ${money(overdue[0] + overdue[1])}`);
    const first = await rows();
    expect(first).toHaveLength(50);
    expect(first[0].slice(0, 7)).toEqual(['01/05/2024', 'Factura B 0001-00000154', '01/01/2999', '$ 12,10', '$ 0,00', '$ 12,10', 'Pendiente']);
    expect(await page.locator('text=La Esquina').count()).toBe(0);
  });

  it('was styled by the one stylesheet the CSP allows, and runs no script', async () => {
    // The hash in the header matches the stylesheet, or these would be the browser's defaults.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(244, 246, 248)');
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    await page.addScriptTag({ content: 'document.title = "ejecutado"' }).catch(() => undefined);
    expect(await page.title()).not.toBe('ejecutado');
    expect(consoleMessages.join('\n')).toMatch(CSP_BLOCKED_SCRIPT);
  });

  it('pages forwards to the older documents and back', async () => {
    await page.click('a[rel=next]');
    const older = await rows();
    expect(older.map((r) => r[1])).toEqual([
      'Factura B 0001-00000104', 'Factura B 0001-00000103', 'Factura B 0001-00000102', 'Factura B 0001-00000101', 'Factura B 0001-00000100',
      'Factura B 0001-00000004', 'Factura B 0001-00000003', 'Factura B 0001-00000002', 'Factura B 0001-00000001',
    ]);
    expect(await page.locator('a[rel=next]').count()).toBe(0);
    await page.click('a[rel=prev]');
    expect((await rows())[0][1]).toBe('Factura B 0001-00000154');
  });

  it('filters with the form: overdue only, then by issue date', async () => {
    await page.selectOption('select[name=estado]', 'vencida');
    await Promise.all([page.waitForURL(/estado=vencida/), page.click('button[type=submit]')]);
    expect((await rows()).map((r) => [r[1], r[5], r[6]])).toEqual([
      ['Factura B 0001-00000002', money(overdue[1]), 'Vencida'],
      ['Factura B 0001-00000001', money(overdue[0]), 'Vencida'],
    ]);
    await page.selectOption('select[name=estado]', '');
    await page.fill('input[name=desde]', '2024-02-01');
    await page.fill('input[name=hasta]', '2024-04-30');
    await Promise.all([page.waitForURL(/desde=2024-02-01/), page.click('button[type=submit]')]);
    expect((await rows()).map((r) => r[1])).toEqual(['Factura B 0001-00000004', 'Factura B 0001-00000003', 'Factura B 0001-00000002']);
    expect(await page.inputValue('input[name=desde]')).toBe('2024-02-01');
  });

  it('downloads an invoice PDF and the account statement, both readable', async () => {
    const [invoice] = await Promise.all([page.waitForEvent('download'), page.locator('table.docs tbody tr').nth(2).locator('a', { hasText: 'Descargar' }).click()]);
    expect(invoice.suggestedFilename()).toBe('Factura-B-0001-00000002.pdf');
    const invoiceText = pdfText(readFileSync((await invoice.path())!));
    expect(invoiceText).toContain('00000002');
    expect(invoiceText).toContain('Ferretería Don Pepe');

    const [statement] = await Promise.all([page.waitForEvent('download'), page.click('text=Descargar estado de cuenta')]);
    expect(statement.suggestedFilename()).toMatch(/^Estado-de-cuenta-\d{4}-\d{2}-\d{2}\.pdf$/);
    const statementText = pdfText(readFileSync((await statement.path())!));
    expect(statementText).toContain('ESTADO DE CUENTA');
    expect(statementText).toMatch(new RegExp(`Saldo vencido:\\s+\\${money(overdue[0] + overdue[1])}`));
    expect(statementText).toMatch(new RegExp(`Saldo total:\\s+\\${money(overdue[0] + overdue[1] + pending)}`));
    expect(statementText).not.toContain('0001-00000003');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    try {
      const small = await phone.newPage();
      await small.goto(link);
      expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect(await small.locator('table.docs thead').boundingBox()).toMatchObject({ height: 1 });
    } finally {
      await phone.close();
    }
  });

  it('made no request outside the app, and the page logged no error', () => {
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((url) => !url.startsWith(`${t.url}/portal/`))).toEqual([]);
    expect(consoleMessages.filter((m) => !CSP_BLOCKED_SCRIPT.test(m))).toEqual([]);
  });
});
