import { company, donPepe, invoiceB } from '../support/sample-data';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * GET /api/invoices (listing) and GET /api/customers/:ref/balance: figures
 * checked against the invoices and payments created here, not against the
 * code's own arithmetic.
 */
describe('Listing invoices and customer balances', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  const item = (unitPrice: string) => [{ description: 'Tornillos', quantity: '1', unitPrice, ivaRate: '21' }];
  const create = async (key: string, body: Record<string, unknown>) => {
    const res = await t.api('POST', '/api/invoices', invoiceB(body));
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    ids[key] = res.body.id;
    return res.body;
  };
  const list = async (query: string) => t.api('GET', `/api/invoices${query ? `?${query}` : ''}`);
  const numbers = (body: { invoices: { displayNumber: string; letter: string; kind: string }[] }) =>
    body.invoices.map((i) => `${i.kind === 'FACTURA' ? '' : 'NC '}${i.letter} ${i.displayNumber}`);

  beforeAll(async () => {
    t = await startTestApp();
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
    await t.api('PUT', '/api/customers/otro', { ...donPepe, name: 'Otro Cliente S.A.', docNumber: '30-71222333-9' });
    // Don Pepe: 100 = 121.00 per invoice with 21 % IVA (letter B shows it included).
    await create('old', { number: 1, issueDate: '2020-01-10', dueDate: '2020-02-10', items: item('100') }); // vencida, 121.00
    await create('partial', { number: 2, issueDate: '2020-03-10', dueDate: '2020-04-10', items: item('100') }); // vencida after 21.00 paid
    await create('paid', { number: 3, issueDate: '2020-03-10', dueDate: '2020-04-10', items: item('100') }); // pagada
    await create('future', { number: 4, issueDate: '2024-05-01', dueDate: '2999-01-01', items: item('200') }); // pendiente, 242.00
    await create('nodue', { number: 5, issueDate: '2024-06-01', dueDate: null, items: item('50') }); // pendiente, 60.50
    await create('credited', { number: 6, issueDate: '2024-06-01', dueDate: '2999-01-01', items: item('100') }); // 121 − 12.10 NC
    await create('nc', { kind: 'NOTA_CREDITO', number: 1, issueDate: '2024-06-02', dueDate: null, items: item('10'), appliesToInvoiceId: ids.credited });
    await create('ncFree', { kind: 'NOTA_CREDITO', number: 2, issueDate: '2024-06-03', dueDate: null, items: item('5') }); // 6.05 a favor
    await create('dollars', { number: 7, issueDate: '2024-06-04', dueDate: '2024-06-05', currency: 'DOL', exchangeRate: '900', items: item('10') }); // US$ 12.10 vencida
    await create('others', { number: 8, issueDate: '2024-06-05', dueDate: '2999-01-01', customerRef: 'otro', items: item('1000') });
    expect((await t.api('POST', `/api/invoices/${ids.partial}/payments`, { amount: '21.00', date: '2020-04-01' })).status).toBe(201);
    expect((await t.api('POST', `/api/invoices/${ids.paid}/payments`, { amount: '121.00', date: '2020-04-01' })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('lists a customer\'s documents newest first with total, paid, balance and status', async () => {
    const res = await list('customerRef=donpepe');
    expect(res.status).toBe(200);
    expect(numbers(res.body)).toEqual([
      'B 0001-00000007', 'NC B 0001-00000002', 'NC B 0001-00000001', 'B 0001-00000006', 'B 0001-00000005',
      'B 0001-00000004', 'B 0001-00000003', 'B 0001-00000002', 'B 0001-00000001',
    ]);
    const partial = res.body.invoices.find((i: { id: string }) => i.id === ids.partial);
    expect(partial).toEqual({
      id: ids.partial, kind: 'FACTURA', letter: 'B', voucherCode: 6, pointOfSale: 1, number: 2, displayNumber: '0001-00000002',
      issueDate: '2020-03-10', dueDate: '2020-04-10', customerRef: 'donpepe', customerName: 'Ferretería Don Pepe',
      currency: 'PES', total: '121.00', paid: '21.00', balance: '100.00', status: 'vencida', appliesToInvoiceId: null,
    });
    expect(res.body.invoices.find((i: { id: string }) => i.id === ids.credited)).toMatchObject({ total: '121.00', paid: '12.10', balance: '108.90', status: 'pendiente' });
    expect(res.body).toMatchObject({ nextCursor: null, previousCursor: null });
    // Every status the listing shows is the one the invoice itself reports.
    for (const summary of res.body.invoices) {
      const full = (await t.api('GET', `/api/invoices/${summary.id}`)).body;
      expect([summary.status, summary.balance]).toEqual([full.status, full.balance]);
    }
  });

  it('filters by status as of today, by issue dates (inclusive) and by due date (strictly before)', async () => {
    expect(numbers((await list('customerRef=donpepe&status=vencida')).body)).toEqual(['B 0001-00000007', 'B 0001-00000002', 'B 0001-00000001']);
    expect(numbers((await list('customerRef=donpepe&status=pendiente')).body)).toEqual(['B 0001-00000006', 'B 0001-00000005', 'B 0001-00000004']);
    expect(numbers((await list('customerRef=donpepe&status=pagada')).body)).toEqual(['NC B 0001-00000002', 'NC B 0001-00000001', 'B 0001-00000003']);
    expect(numbers((await list('customerRef=donpepe&issuedFrom=2024-06-01&issuedTo=2024-06-02')).body)).toEqual([
      'NC B 0001-00000001', 'B 0001-00000006', 'B 0001-00000005',
    ]);
    expect(numbers((await list('customerRef=donpepe&dueBefore=2020-04-10')).body)).toEqual(['B 0001-00000001']);
    expect(numbers((await list('customerRef=donpepe&dueBefore=2020-04-11')).body)).toEqual(['B 0001-00000003', 'B 0001-00000002', 'B 0001-00000001']);
    expect(numbers((await list('status=pendiente&issuedFrom=2024-06-05')).body)).toEqual(['B 0001-00000008']);
    expect((await list('status=PENDIENTE&customerRef=otro')).body.invoices).toHaveLength(1);
  });

  it('pages with cursors both ways and never repeats or skips a document', async () => {
    const all = (await list('customerRef=donpepe')).body.invoices.map((i: { id: string }) => i.id);
    const pages: string[][] = [];
    let res = await list('customerRef=donpepe&limit=2');
    expect(res.body.previousCursor).toBeNull();
    for (;;) {
      pages.push(res.body.invoices.map((i: { id: string }) => i.id));
      if (!res.body.nextCursor) break;
      res = await list(`customerRef=donpepe&limit=2&cursor=${res.body.nextCursor}`);
    }
    expect(pages.flat()).toEqual(all);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 2, 1]);
    // And back from the last page to the first.
    const back: string[][] = [pages.at(-1)!];
    while (res.body.previousCursor) {
      res = await list(`customerRef=donpepe&limit=2&cursor=${res.body.previousCursor}`);
      back.unshift(res.body.invoices.map((i: { id: string }) => i.id));
    }
    expect(back).toEqual(pages);
    expect(res.body.previousCursor).toBeNull();
  });

  it.each([
    ['status=cobrada', 'status'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=diez', 'limit'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['issuedFrom=2024-02-30', 'issuedFrom'],
    ['dueBefore=mañana', 'dueBefore'],
    ['issuedFrom=2024-06-02&issuedTo=2024-06-01', 'issuedTo'],
    ['estado=vencida', 'estado'],
    ['status=vencida&status=pagada', 'status'],
    ['number=1-1&status=vencida', 'number'],
  ])('answers 400 naming the parameter to %s', async (query, field) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_query', field, message: expect.any(String) });
  });

  it('answers 404 for an unknown customer, in the listing and for its balance', async () => {
    expect((await list('customerRef=nadie')).body.error.code).toBe('customer_not_found');
    const res = await t.api('GET', '/api/customers/nadie/balance');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('customer_not_found');
  });

  it('gives the balance per currency: invoices minus payments and credit notes, with the overdue part', async () => {
    const res = await t.api('GET', '/api/customers/donpepe/balance');
    expect(res.status).toBe(200);
    // PES: 121 (old) + 100 (partial) + 0 (paid) + 242 (future) + 60.50 (nodue) + 108.90 (credited) − 6.05 (NC not applied)
    expect(res.body).toEqual({
      customerRef: 'donpepe',
      customerName: 'Ferretería Don Pepe',
      asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      balances: [
        { currency: 'PES', balance: '626.35', overdue: '221.00', unappliedCredit: '6.05', openDocuments: 5, overdueDocuments: 2 },
        { currency: 'DOL', balance: '12.10', overdue: '12.10', unappliedCredit: '0.00', openDocuments: 1, overdueDocuments: 1 },
      ],
    });
    expect((await t.api('GET', '/api/customers/otro/balance')).body.balances).toEqual([
      { currency: 'PES', balance: '1210.00', overdue: '0.00', unappliedCredit: '0.00', openDocuments: 1, overdueDocuments: 0 },
    ]);
  });

  it('keeps the stored balance in step with a payment made now', async () => {
    await t.api('POST', `/api/invoices/${ids.old}/payments`, { amount: '21.00', date: '2024-06-10' });
    const pes = (await t.api('GET', '/api/customers/donpepe/balance')).body.balances.find((b: { currency: string }) => b.currency === 'PES');
    expect(pes).toMatchObject({ balance: '605.35', overdue: '200.00' });
  });

  it('refuses the listing and the balance without the API token', async () => {
    expect((await fetch(`${t.url}/api/invoices?customerRef=donpepe`)).status).toBe(401);
    expect((await fetch(`${t.url}/api/customers/donpepe/balance`)).status).toBe(401);
  });

  it('documents the listing, the balance and the portal link in OpenAPI', async () => {
    const doc = await (await fetch(`${t.url}/api/docs/openapi.json`)).json();
    const params = doc.paths['/api/invoices'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['number', 'customerRef', 'status', 'dueBefore', 'issuedFrom', 'issuedTo', 'limit', 'cursor']));
    expect(doc.paths['/api/customers/{ref}/balance'].get).toBeDefined();
    expect(doc.paths['/api/customers/{ref}/portal-token'].post).toBeDefined();
    expect(doc.paths['/api/customers/{ref}/portal-token'].delete).toBeDefined();
    expect(doc.components.schemas.InvoiceListResponse.properties.nextCursor).toBeDefined();
    expect(doc.components.schemas.CustomerBalanceResponse.properties.balances).toBeDefined();
  });
});
