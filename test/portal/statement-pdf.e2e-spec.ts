import 'reflect-metadata';
import { loadConfig } from '../../src/config/load-config';
import type { AccountStatement, LedgerEntry } from '../../src/invoices/ledger';
import { ChromiumPool, RenderTimeoutError } from '../../src/pdf/chromium-pool';
import { StatementPdfRenderer } from '../../src/pdf/statement-pdf.renderer';
import { pdfText } from '../support/pdf-text';

/** The account statement of a customer who owes thousands of documents: long, but complete. */
describe(StatementPdfRenderer.name, () => {
  const config = loadConfig({ API_TOKEN: 'statement-test-token-0123', LOG_LEVEL: 'silent' });
  // A hard limit far below what a long statement takes, as an invoice would get.
  const pool = new ChromiumPool(config, { size: 1, renderTimeoutMs: 1500 });
  const renderer = new StatementPdfRenderer(pool);
  afterAll(() => pool.close());

  const entry = (i: number): LedgerEntry => ({
    id: `id-${i}`, kind: 'FACTURA', letter: 'B', voucherCode: 6, pointOfSale: 1, number: i + 1,
    displayNumber: `0001-${String(i + 1).padStart(8, '0')}`, issueDate: '2024-01-10', dueDate: '2024-02-10', currency: 'PES',
    total: '121.00', balance: '121.00', paid: '0.00', status: 'vencida', appliesToId: null, customerId: 'c', customerRef: 'grande', customerName: 'Cliente Grande',
  });
  const statement = (count: number): AccountStatement => ({
    asOf: '2024-06-03',
    company: { legalName: 'Tornillos del Sur S.R.L.', cuit: '30-71234567-1', ivaCondition: 'RESPONSABLE_INSCRIPTO', grossIncomeNumber: null, activityStartDate: null, address: 'Av. Corrientes 1234, CABA', email: 'facturacion@tornillos.com.ar' },
    customer: { ref: 'grande', name: 'Cliente Grande', docType: 'CUIT', docNumber: '20-12345678-6', ivaCondition: 'CONSUMIDOR_FINAL', address: null, email: null },
    entries: Array.from({ length: count }, (_, i) => entry(i)),
    balances: [{ currency: 'PES', balance: (121 * count).toFixed(2), overdue: (121 * count).toFixed(2), unappliedCredit: '0.00', openDocuments: count, overdueDocuments: count }],
  });

  it('prints every open document of a long statement, given more time than one invoice gets', async () => {
    const { bytes, fileName } = await renderer.render(statement(2500));
    expect(fileName).toBe('Estado-de-cuenta-2024-06-03.pdf');
    const text = pdfText(bytes);
    expect(text).toContain('0001-00000001');
    expect(text).toContain('0001-00002500');
    expect(Number(/Página 1 de (\d+)/.exec(text)![1])).toBeGreaterThan(40);
    expect(text).toMatch(/Saldo total:\s+\$ 302\.500,00/);
  });

  it('still holds any other document to the pool\'s own limit', async () => {
    const rows = '<tr><td>celda</td><td>celda</td><td>celda</td></tr>'.repeat(60_000);
    await expect(pool.renderPdf(`<table>${rows}</table>`)).rejects.toBeInstanceOf(RenderTimeoutError);
  });
});
