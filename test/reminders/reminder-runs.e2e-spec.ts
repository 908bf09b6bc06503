import { CHANNEL, buttonsOf, SlackHarness, startSlackHarness, textOf } from '../slack/slack-harness';
import { company, donPepe, invoiceB, metalurgica } from '../support/sample-data';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TEST_API_TOKEN } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { waitFor } from '../support/wait';

const PDF_FAILED = 'No se pudo generar el PDF de la factura; intente de nuevo en unos minutos.';

/**
 * A run's answer, progress and Slack summary, with one reminder that goes
 * out, one customer without e-mail and one send the use case refuses
 * (Chromium is missing in the app under test; the first invoice's PDF was
 * rendered before, by an app that had it).
 */
describe('Reminder runs: API, progress, refused sends, Slack summary', () => {
  const clock = new TestClock().set('2026-11-17');
  let db: TestDatabase;
  let h: SlackHarness;
  const ids: Record<'ok' | 'broken' | 'noEmail', string> = { ok: '', broken: '', noEmail: '' };

  beforeAll(async () => {
    db = await createTestDatabase();
    const seed = await startTestApp({}, db, { clock });
    await seed.api('PUT', '/api/company', company);
    await seed.api('PUT', '/api/customers/donpepe', donPepe);
    const { email, ...withoutEmail } = metalurgica;
    await seed.api('PUT', '/api/customers/metal', withoutEmail);
    const create = async (over: Record<string, unknown>) =>
      (await seed.api('POST', '/api/invoices', invoiceB({ issueDate: '2026-10-01', dueDate: '2026-11-16', caeDueDate: '2026-10-11', ...over }))).body.id;
    ids.ok = await create({ number: 1 });
    ids.broken = await create({ number: 2 });
    ids.noEmail = await create({ number: 3, customerRef: 'metal', letter: 'A' });
    expect((await seed.api('GET', `/api/invoices/${ids.ok}/pdf`)).status).toBe(200);
    await seed.close();
    h = await startSlackHarness({ SLACK_CHANNEL_ID: CHANNEL, CHROMIUM_PATH: '/nonexistent/chromium' }, { db, clock });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await db.drop();
  });
  afterEach(() => {
    expect(h.slack.unexpected).toEqual([]);
    expect(h.sg.unexpected).toEqual([]);
  });

  const getRun = async (id: string) => (await h.t.api('GET', `/api/reminders/runs/${id}`)).body;

  it('answers 202 with the run id at once with ?async=true; GET /api/reminders/runs/:id reports it until its summary', async () => {
    const res = await h.t.api('POST', '/api/reminders/run?async=true', {});
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ runId: expect.any(String), status: 'running' });
    const run = await waitFor(async () => {
      const r = await getRun(res.body.runId);
      return r.status === 'running' ? null : r;
    }, 15_000, 'the run to finish');
    expect(run).toMatchObject({
      runId: res.body.runId, trigger: 'api', asOf: '2026-11-17', status: 'finished', processed: 3, total: 3,
      sent: [{ step: 1, count: 1 }],
      skipped: [{ invoiceId: ids.noEmail, document: 'Factura A 0001-00000003', customerName: metalurgica.name, reason: 'no_email' }],
      failed: [{ invoiceId: ids.broken, document: 'Factura B 0001-00000002', customerName: donPepe.name, step: 1, error: PDF_FAILED }],
      error: null,
    });
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));

    // SendGrid records the mail before it answers; the row reads "sent" once the answer is in.
    const sent = await waitFor(async () => (await h.deliveries(ids.ok)).find((d: any) => d.status === 'sent'), 15_000, 'the reminder');
    expect(await h.deliveries(ids.ok)).toEqual([expect.objectContaining({ kind: 'reminder', status: 'sent' })]);
    const [mail] = h.sg.acceptedFor(sent.id);
    expect(mail.body.categories).toEqual(['reminder']);
    expect(h.sg.accepted()).toHaveLength(1);
    expect(await h.deliveries(ids.broken)).toEqual([]);

    const post = await h.waitCall('chat.postMessage', (c) => c.body.text.includes('Recordatorios del 17-11-2026'), 'the summary');
    expect(post.body.channel).toBe(CHANNEL);
    const text = textOf(post.body.blocks);
    expect(text).toContain('*Enviados: 1*\n• 1 a 1 día de vencida');
    expect(text).toContain('• sin e-mail cargado: Factura A 0001-00000003 (Metalúrgica Quilmes S.A.)');
    expect(text).toContain(`Factura B 0001-00000002 — Ferretería Don Pepe: ${PDF_FAILED}`);
    expect(buttonsOf(post.body.blocks)).toEqual([{ actionId: 'open_send_dialog', value: ids.broken, text: 'Enviar por email' }]);
  });

  it('gives a refused send its claim back: the next run tries again, and sends once the cause is fixed', async () => {
    const again = await h.t.api('POST', '/api/reminders/run', {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ sent: [], failed: [{ invoiceId: ids.broken, step: 1, error: PDF_FAILED }] });

    // The same database with Chromium back: the reminder goes out (to the local outbox).
    const fixed = await startTestApp({}, db, { clock });
    try {
      const run = await fixed.api('POST', '/api/reminders/run', {});
      expect(run.body).toMatchObject({ sent: [{ step: 1, count: 1 }], failed: [] });
      await waitFor(async () => (await fixed.api('GET', `/api/deliveries?invoiceId=${ids.broken}`)).body.deliveries[0]?.status === 'sent', 30_000, 'the reminder');
    } finally {
      await fixed.close();
    }
  });

  it('refuses what it cannot run, in Spanish, naming the field; /api/reminders needs the token; OpenAPI lists the routes', async () => {
    const bad = await h.t.api('POST', '/api/reminders/run', { asOf: '17/11/2026' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'asOf', message: expect.stringContaining('AAAA-MM-DD') });
    const future = await h.t.api('POST', '/api/reminders/run', { asOf: '2026-11-18' });
    expect(future.status).toBe(422);
    expect(future.body.error).toEqual({ code: 'future_as_of', field: 'asOf', message: 'asOf (2026-11-18) no puede ser posterior a hoy (2026-11-17).' });
    expect((await h.t.api('POST', '/api/reminders/run?async=maybe', {})).body.error).toMatchObject({ code: 'invalid_async', field: 'async' });
    const missing = await h.t.api('GET', '/api/reminders/runs/no-such-run');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('reminder_run_not_found');
    // No body at all (curl -X POST) is a run as of today.
    const bare = await fetch(`${h.t.url}/api/reminders/run`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
    expect(bare.status).toBe(200);
    expect(await bare.json()).toMatchObject({ asOf: '2026-11-17', status: 'finished' });
    const anonymous = await fetch(`${h.t.url}/api/reminders/run`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${h.t.url}/api/reminders/runs/x`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const doc = (await h.t.api('GET', '/api/docs/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/reminders/run', '/api/reminders/runs/{id}']));
    expect(doc.paths['/api/reminders/run'].post.security).toEqual([{ bearer: [] }]);
  });
});
