import { FakeSendgrid, startFakeSendgrid } from '../fakes/fake-sendgrid.server';
import { RemindersService } from '../../src/reminders/reminders.service';
import { company, donPepe, invoiceB } from '../support/sample-data';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { waitFor } from '../support/wait';

/**
 * Two replicas of the app on one database (PostgreSQL under test:pg, one
 * SQLite file otherwise: two connections that take turns on its write lock,
 * so the claim's unique key is exercised on both), the job fired in both at
 * the same moment.
 */
describe('Reminders with two replicas', () => {
  const INVOICES = 60;
  const clock = new TestClock().set('2026-11-17');
  let sg: FakeSendgrid;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  const ids: string[] = [];

  beforeAll(async () => {
    sg = await startFakeSendgrid();
    db = await createTestDatabase();
    const env = { SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url, MAIL_FROM_ADDRESS: 'facturas@factura-bot.test' };
    a = await startTestApp(env, db, { clock });
    b = await startTestApp(env, db, { clock });
    await a.api('PUT', '/api/company', company);
    await a.api('PUT', '/api/customers/donpepe', donPepe);
    // Due 1 to 60 days ago: every step has invoices.
    for (let n = 1; n <= INVOICES; n++) {
      const due = new Date(Date.UTC(2026, 10, 17 - n)).toISOString().slice(0, 10);
      const res = await a.api('POST', '/api/invoices', invoiceB({ number: n, issueDate: '2026-09-01', dueDate: due, caeDueDate: '2026-09-11' }));
      ids.push(res.body.id);
    }
    // PDFs rendered beforehand, so the two runs race on the claims rather than on Chromium.
    for (const id of ids) expect((await a.api('GET', `/api/invoices/${id}/pdf`)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await a.close();
    await b.close();
    await sg.stop();
    await db.drop();
  });
  afterEach(() => expect(sg.unexpected).toEqual([]));

  const sentCount = (summary: any) => summary.sent.reduce((n: number, s: any) => n + s.count, 0);
  const reminderDeliveries = async (id: string) =>
    (await a.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries.filter((d: any) => d.kind === 'reminder');

  it('sends every reminder exactly once when both run the job at the same moment', async () => {
    const [ra, rb] = await Promise.all([a.api('POST', '/api/reminders/run', {}), b.api('POST', '/api/reminders/run', {})]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    // The runs overlapped (each found invoices not yet claimed when it
    // started), and between them each reminder was claimed once.
    expect(Math.min(ra.body.total, rb.body.total)).toBeGreaterThan(0);
    expect(sentCount(ra.body) + sentCount(rb.body)).toBe(INVOICES);
    expect([...ra.body.failed, ...rb.body.failed]).toEqual([]);

    await waitFor(async () => sg.accepted().length >= INVOICES, 30_000, 'every reminder');
    for (const id of ids) expect(await reminderDeliveries(id)).toHaveLength(1);
    const deliveryIds = sg.accepted().map((m) => m.body.personalizations[0].custom_args.delivery_id);
    expect(new Set(deliveryIds).size).toBe(INVOICES);
    expect(sg.requests).toHaveLength(INVOICES);
  });

  it("lets one replica run the day's scheduled job when both fire it", async () => {
    clock.set('2026-11-18'); // a day later: the invoices due 6, 14 and 29 days before the 17th reach 7, 15 and 30
    const before = sg.requests.length;
    const results = await Promise.all([a.app.get(RemindersService).runDue(clock.now()), b.app.get(RemindersService).runDue(clock.now())]);
    const ran = results.filter((r) => r !== null);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ trigger: 'cron', asOf: '2026-11-18', status: 'finished', sent: [{ step: 7, count: 1 }, { step: 15, count: 1 }, { step: 30, count: 1 }] });
    await waitFor(async () => sg.accepted().length >= before + 3, 15_000, 'the three reminders');
    expect(sg.requests.length).toBe(before + 3);
  });
});
