import { FakeSendgrid, RecordedMail, startFakeSendgrid } from '../fakes/fake-sendgrid.server';
import { RemindersCron } from '../../src/reminders/reminders.cron';
import { company, donPepe, invoiceB, metalurgica } from '../support/sample-data';
import { startTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { waitFor } from '../support/wait';

/**
 * Two weeks of November 2026 played with the clock: Monday 23 is a national
 * holiday (Día de la Soberanía Nacional), 21–22 a weekend. Default steps:
 * 1, 7, 15 and 30 days after the due date.
 */
describe('Reminders across the calendar', () => {
  const clock = new TestClock().set('2026-11-16');
  let sg: FakeSendgrid;
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    sg = await startFakeSendgrid();
    t = await startTestApp(
      { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url, MAIL_FROM_ADDRESS: 'facturas@factura-bot.test', PUBLIC_URL: 'https://facturas.example.com' },
      undefined,
      { clock },
    );
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
    const { email, ...withoutEmail } = metalurgica;
    await t.api('PUT', '/api/customers/metal', withoutEmail);
  });
  afterAll(async () => {
    await t.close();
    await sg.stop();
  });
  afterEach(() => expect(sg.unexpected).toEqual([]));

  const create = async (name: string, number: number, dueDate: string, over: Record<string, unknown> = {}) => {
    const res = await t.api('POST', '/api/invoices', invoiceB({ number, issueDate: '2026-09-01', dueDate, caeDueDate: '2026-09-11', ...over }));
    if (res.status !== 201) throw new Error(`${name}: ${res.status} ${res.text}`);
    ids[name] = res.body.id;
  };
  const run = async (body?: unknown) => {
    const res = await t.api('POST', '/api/reminders/run', body ?? {});
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Waits until the fake SendGrid accepted `count` mails in all; returns the newest ones since `from`. */
  const mails = async (from: number, count: number): Promise<RecordedMail[]> => {
    await waitFor(async () => sg.accepted().length >= count, 15_000, `${count} e-mails`);
    expect(sg.accepted()).toHaveLength(count);
    return sg.accepted().slice(from);
  };
  const toInvoice = (mail: RecordedMail) => Object.entries(ids).find(([, id]) => mailInvoice.get(mail) === id)?.[0];
  const mailInvoice = new Map<RecordedMail, string>();
  /** Which invoice each new mail was for, through the deliveries API. */
  const invoicesOf = async (list: RecordedMail[]) => {
    const byDelivery = new Map<string, string>();
    for (const [, id] of Object.entries(ids)) {
      for (const d of (await t.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries) byDelivery.set(d.id, id);
    }
    for (const m of list) mailInvoice.set(m, byDelivery.get(m.body.personalizations[0].custom_args.delivery_id)!);
    return list.map(toInvoice).sort();
  };

  it('Monday 16: the latest step each invoice reached, one e-mail each; skips a customer without e-mail and an invoice sent by hand today', async () => {
    await create('dueFri13', 1, '2026-11-13'); // step 1 reached on Saturday: sent Monday
    await create('dueSun15', 2, '2026-11-15');
    await create('due10Days', 3, '2026-11-06'); // 10 days: step 7, not 1 and 7
    await create('due46Days', 4, '2026-10-01'); // 46 days: the 30-day step alone
    await create('noEmail', 1, '2026-11-13', { customerRef: 'metal', letter: 'A', items: [{ description: 'Perfiles', quantity: '1', unitPrice: '100.00', ivaRate: '21' }] });
    await create('manual', 5, '2026-11-13');
    await create('credited', 6, '2026-11-06');
    await create('notDue', 7, '2026-11-30');
    const credit = await t.api('POST', '/api/invoices', invoiceB({ kind: 'NOTA_CREDITO', number: 1, issueDate: '2026-11-01', dueDate: '2026-11-01', caeDueDate: '2026-11-11', appliesToInvoiceId: ids.credited }));
    expect(credit.status).toBe(201);
    ids.creditNote = credit.body.id;
    expect((await t.api('POST', `/api/invoices/${ids.manual}/send`, {})).status).toBe(202);
    await mails(0, 1);

    const summary = await run();
    expect(summary).toMatchObject({
      trigger: 'api', asOf: '2026-11-16', status: 'finished', total: 6, processed: 6,
      sent: [{ step: 1, count: 2 }, { step: 7, count: 1 }, { step: 30, count: 1 }],
      skipped: expect.arrayContaining([
        { invoiceId: ids.noEmail, document: 'Factura A 0001-00000001', customerName: metalurgica.name, reason: 'no_email' },
        { invoiceId: ids.manual, document: 'Factura B 0001-00000005', customerName: donPepe.name, reason: 'sent_manually_today' },
      ]),
      failed: [],
    });
    expect(summary.skipped).toHaveLength(2);
    const sent = await mails(1, 5);
    expect(await invoicesOf(sent)).toEqual(['due10Days', 'due46Days', 'dueFri13', 'dueSun15']);
    for (const m of sent) expect(m.body.categories).toEqual(['reminder']);
    const byName = (name: string) => sent.find((m) => mailInvoice.get(m) === ids[name])!;
    const text = (m: RecordedMail) => m.body.content.find((c: any) => c.type === 'text/plain').value as string;
    expect(byName('dueFri13').body.subject).toBe('Recordatorio: factura Nro. 0001-00000001 vencida');
    expect(text(byName('dueFri13'))).toContain('Si ya realizó el pago, por favor desestime este mensaje.');
    expect(text(byName('due10Days'))).toContain('(hace 10 días), registra un saldo impago de $ 54,33');
    expect(text(byName('due46Days'))).toContain('venció el 01-10-2026 y lleva 46 días de atraso');
    expect(text(byName('due46Days'))).toContain('https://facturas.example.com/portal/');
    expect(byName('due46Days').body.attachments[0]).toMatchObject({ type: 'application/pdf', filename: 'Factura-B-0001-00000004.pdf' });
    // SendGrid records the mail before it answers; the row reads "sent" once the answer is in.
    const deliveries = await waitFor(async () => {
      const list = (await t.api('GET', `/api/deliveries?invoiceId=${ids.due46Days}`)).body.deliveries;
      return list[0]?.status === 'queued' ? null : list;
    }, 10_000, 'the reminder marked sent');
    expect(deliveries).toEqual([expect.objectContaining({ kind: 'reminder', status: 'sent', to: ['pagos@donpepe.com.ar', 'admin@donpepe.com.ar'] })]);
  });

  it('Tuesday 17: nothing again for a step already sent; the invoice sent by hand yesterday gets its reminder now', async () => {
    clock.set('2026-11-17');
    const summary = await run();
    expect(summary.sent).toEqual([{ step: 1, count: 1 }]);
    expect(summary.skipped.map((s: any) => s.reason)).toEqual(['no_email']);
    expect(await invoicesOf(await mails(5, 6))).toEqual(['manual']);
    // Paid in full between runs: no 15-day reminder later.
    expect((await t.api('POST', `/api/invoices/${ids.due10Days}/payments`, { amount: '54.33', date: '2026-11-17' })).status).toBe(201);
  });

  it('Friday 20: a catch-up run as of Thursday, then the day\'s run: never two reminders to one invoice on one day', async () => {
    clock.set('2026-11-20');
    await create('lateEntry', 8, '2026-11-13');
    const catchUp = await run({ asOf: '2026-11-19' });
    expect(catchUp).toMatchObject({ asOf: '2026-11-19', sent: [{ step: 1, count: 1 }] });
    expect(await invoicesOf(await mails(6, 7))).toEqual(['lateEntry']);

    const today = await run();
    // dueFri13 and manual reach day 7; lateEntry too, but it was reminded today already.
    expect(today.sent).toEqual([{ step: 7, count: 2 }]);
    expect(await invoicesOf(await mails(7, 9))).toEqual(['dueFri13', 'manual']);
  });

  it('the weekend and the holiday send nothing: the cron does no run, the API says why', async () => {
    const cron = t.app.get(RemindersCron);
    for (const [day, why] of [['2026-11-21', 'sábado'], ['2026-11-22', 'domingo'], ['2026-11-23', 'Día de la Soberanía Nacional']]) {
      clock.set(day);
      await cron.tick();
      const res = await t.api('POST', '/api/reminders/run', {});
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'not_business_day', field: 'asOf', message: expect.stringContaining(why) });
    }
    expect(sg.requests).toHaveLength(9);
  });

  it('Tuesday 24: a step reached over the weekend goes out on the next business day; a paid invoice gets nothing', async () => {
    clock.set('2026-11-24');
    const summary = await run();
    // dueSun15 reached day 7 on Sunday 22 (Monday was a holiday); lateEntry
    // is 11 days overdue; due10Days, paid, would be at its 15-day step.
    expect(summary.sent).toEqual([{ step: 7, count: 2 }]);
    expect(await invoicesOf(await mails(9, 11))).toEqual(['dueSun15', 'lateEntry']);
    expect((await t.api('POST', '/api/reminders/run', { asOf: '2026-11-25' })).body.error).toMatchObject({ code: 'future_as_of', field: 'asOf' });
  });

  it('the scheduled run works as the API one does, once per day across ticks', async () => {
    clock.set('2026-12-01'); // dueFri13, manual, lateEntry: 18 days; dueSun15: 16; notDue: 1
    const cron = t.app.get(RemindersCron);
    await Promise.all([cron.tick(), cron.tick()]);
    const sent = await mails(11, 16);
    expect(await invoicesOf(sent)).toEqual(['dueFri13', 'dueSun15', 'lateEntry', 'manual', 'notDue']);
    await cron.tick();
    expect((await t.api('POST', '/api/reminders/run', {})).body.sent).toEqual([]);
    expect(sg.requests).toHaveLength(16);
  });
});
