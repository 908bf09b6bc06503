import { FakeSendgrid, startFakeSendgrid } from '../fakes/fake-sendgrid.server';
import { company, donPepe, invoiceB } from '../support/sample-data';
import { startTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { waitFor } from '../support/wait';

/** The policy's settings: a step before the due date, other steps, a minimum balance. */
describe('Reminder policy from the environment', () => {
  const clock = new TestClock().set('2026-11-16');
  let sg: FakeSendgrid;
  let t: TestApp;

  beforeAll(async () => {
    sg = await startFakeSendgrid();
    t = await startTestApp(
      {
        SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url, MAIL_FROM_ADDRESS: 'facturas@factura-bot.test',
        REMINDER_BEFORE_DAYS: '3', REMINDER_DAYS: '10, 5', REMINDER_MIN_BALANCE: '100',
      },
      undefined,
      { clock },
    );
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
  });
  afterAll(async () => {
    await t.close();
    await sg.stop();
  });
  afterEach(() => expect(sg.unexpected).toEqual([]));

  const create = async (number: number, dueDate: string, unitPrice: string) => {
    const res = await t.api('POST', '/api/invoices', invoiceB({ number, issueDate: '2026-10-01', dueDate, caeDueDate: '2026-10-11', items: [{ description: 'Tornillos', quantity: '1', unitPrice, ivaRate: '21' }] }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const text = (i: number) => sg.accepted()[i].body.content.find((c: any) => c.type === 'text/plain').value as string;

  it('reminds before the due date in friendly words, and not below the minimum balance', async () => {
    const soon = await create(1, '2026-11-18', '100.00'); // 121.00, due in 2 days: the "3 days before" step
    await create(2, '2026-11-18', '50.00'); // 60.50: under REMINDER_MIN_BALANCE
    await create(3, '2026-11-20', '100.00'); // due in 4 days: no step yet
    const run = (await t.api('POST', '/api/reminders/run', {})).body;
    expect(run).toMatchObject({ total: 1, sent: [{ step: -3, count: 1 }] });
    await waitFor(async () => sg.accepted().length === 1, 15_000, 'the reminder');
    expect(sg.accepted()[0].body.subject).toBe('Recordatorio: factura Nro. 0001-00000001 por vencer');
    expect(text(0)).toContain('vence el 18-11-2026, con un saldo de $ 121,00');
    expect((await t.api('GET', `/api/deliveries?invoiceId=${soon}`)).body.deliveries).toHaveLength(1);
  });

  it('uses the configured steps after the due date, in order whatever order they were given in', async () => {
    clock.set('2026-11-24'); // Tuesday (Monday the 23rd is a holiday): the first invoice is 6 days overdue
    const run = (await t.api('POST', '/api/reminders/run', {})).body;
    // Invoice 3 (due the 20th) is 4 days overdue: still at its "before" step, which it never had: one reminder for it.
    expect(run.sent).toEqual([{ step: -3, count: 1 }, { step: 5, count: 1 }]);
    await waitFor(async () => sg.accepted().length === 3, 15_000, 'the reminders');
    expect(sg.requests).toHaveLength(3);
  });
});
