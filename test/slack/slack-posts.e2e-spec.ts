import { EventEmitter2 } from '@nestjs/event-emitter';
import { ReminderRunFinishedEvent, ReminderRunSummary } from '../../src/reminders/reminder-run.summary';
import { pdfText } from '../support/pdf-text';
import { company, invoiceB } from '../support/sample-data';
import { buttonClick, interactive, postSigned } from '../support/slack-requests';
import { startTestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { buttonsOf, CHANNEL, SlackHarness, startSlackHarness, textOf } from './slack-harness';

describe('Posts to SLACK_CHANNEL_ID', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness({ SLACK_CHANNEL_ID: CHANNEL });
  });
  afterAll(() => h.close());
  afterEach(() => expect(h.slack.unexpected).toEqual([]));

  const postFor = (number: string) => h.waitCall('chat.postMessage', (c) => c.body.channel === CHANNEL && c.body.text.includes(number), `the post of ${number}`);
  const updateOf = (ts: string, match: (text: string) => boolean, what: string) =>
    h.waitCall('chat.update', (c) => c.body.ts === ts && match(textOf(c.body.blocks)), what);

  it('posts a saved invoice once: document, customer, total, due date and the two buttons', async () => {
    const id = await h.invoice(200);
    const post = await postFor('0001-00000200');
    const text = textOf(post.body.blocks);
    expect(text).toContain(':page_facing_up: Nueva Factura B 0001-00000200 — Ferretería Don Pepe');
    expect(text).toContain('*Total*\n$ 54,33');
    expect(text).toContain('*Vencimiento*\n13-08-2020');
    expect(text).toContain('Todavía no se envió por e-mail.');
    expect(buttonsOf(post.body.blocks)).toEqual([
      { actionId: 'open_send_dialog', value: id, text: 'Enviar por email' },
      { actionId: 'download_pdf', value: id, text: 'Descargar PDF' },
    ]);
    await h.settled();
    expect(h.slack.callsOf('chat.postMessage').filter((c) => c.body.text.includes('0001-00000200'))).toHaveLength(1);
  });

  it('keeps a post Slack rate-limits and posts it after Retry-After, without holding the save', async () => {
    h.slack.failNext('chat.postMessage', 'ratelimited', { retryAfter: 1 });
    const saved = await h.t.api('POST', '/api/invoices', invoiceB({ number: 210 }));
    expect(saved.status).toBe(201);
    const post = await postFor('0001-00000210');
    const refused = h.slack.calls.find((c) => c.method === 'chat.postMessage' && c.response.error === 'ratelimited')!;
    expect(post.at - refused.at).toBeGreaterThanOrEqual(1_000);
  });

  it('keeps retrying a post while Slack is failing, and posts it once Slack is back', async () => {
    h.slack.failNext('chat.postMessage', 'internal_error', { times: 2 });
    expect((await h.t.api('POST', '/api/invoices', invoiceB({ number: 215 }))).status).toBe(201);
    await postFor('0001-00000215');
    expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.response.error === 'internal_error')).toHaveLength(2);
  });

  it('updates the post with the send\'s outcome: sent, then "Entregada" with the time, then a bounce', async () => {
    const id = await h.invoice(220);
    const post = await postFor('0001-00000220');
    const ts = post.response.ts;
    await h.t.api('POST', `/api/invoices/${id}/send`, {});
    await updateOf(ts, (t) => t.includes(':outbox_tray: Enviada a pagos@donpepe.com.ar, admin@donpepe.com.ar el '), 'the sent update');
    const [delivery] = await h.deliveries(id);
    await h.webhook([{ email: 'pagos@donpepe.com.ar', event: 'delivered', timestamp: 1, delivery_id: delivery.id }]);
    const delivered = await updateOf(ts, (t) => t.includes('Entregada'), 'the delivered update');
    expect(textOf(delivered.body.blocks)).toMatch(/:white_check_mark: Entregada a pagos@donpepe\.com\.ar, admin@donpepe\.com\.ar el \d\d-\d\d-\d{4} \d\d:\d\d\./);
    await h.webhook([{ email: 'admin@donpepe.com.ar', event: 'bounce', timestamp: 2, delivery_id: delivery.id, reason: 'mailbox full' }]);
    // The bounce names the address that bounced, not pagos@, which received it.
    const bounced = await updateOf(ts, (t) => t.includes('mailbox full'), 'the bounce update');
    expect(textOf(bounced.body.blocks)).toContain(':warning: Rebotado (admin@donpepe.com.ar): mailbox full');
    expect(textOf(bounced.body.blocks)).not.toContain('pagos@donpepe.com.ar');
    expect(delivered.body.channel).toBe(CHANNEL);
  });

  it('"Descargar PDF" uploads the invoice PDF under the post, once per click', async () => {
    const id = await h.invoice(230);
    const post = await postFor('0001-00000230');
    const click = buttonClick(h.slack, 'download_pdf', id, { id: 'U0ANA', channel: CHANNEL }, { ts: post.response.ts });
    expect((await postSigned(h.t.url, interactive(click))).status).toBe(200);
    expect((await postSigned(h.t.url, interactive(click), { retryNum: 1 })).status).toBe(200);
    const done = await h.waitCall('files.completeUploadExternal', (c) => c.body.thread_ts === post.response.ts, 'the upload');
    expect(done.body.channel_id).toBe(CHANNEL);
    expect(pdfText(h.slack.uploads.find((u) => u.fileId === done.body.files[0].id)!.bytes)).toContain('00000230');
    await h.settled();
    expect(h.slack.callsOf('files.completeUploadExternal').filter((c) => c.body.thread_ts === post.response.ts)).toHaveLength(1);
  });

  it('posts a reminders run summary with a button per failure, and nothing for a run with nothing to tell', async () => {
    const events = h.t.app.get(EventEmitter2);
    const summary = (runId: string, over: Partial<ReminderRunSummary>): ReminderRunSummary => ({
      runId, trigger: 'cron', asOf: '2026-11-30', status: 'finished', processed: 0, total: 0, sent: [], skipped: [], failed: [],
      startedAt: new Date(), finishedAt: new Date(), ...over,
    });
    await events.emitAsync(ReminderRunFinishedEvent.NAME, new ReminderRunFinishedEvent(summary('run-empty', { sent: [{ step: 1, count: 0 }] })));
    const run1 = summary('run-1', {
      sent: [{ step: 7, count: 2 }, { step: 1, count: 3 }],
      skipped: [{ invoiceId: 'i1', document: 'Factura B 0001-00000011', customerName: 'Kiosco <!here>', reason: 'no_email' }],
      failed: [{ invoiceId: 'i2', document: 'Factura A 0001-00000012', customerName: 'ACME', step: 7, error: 'El cliente ACME no tiene e-mail cargado' }],
    });
    events.emit(ReminderRunFinishedEvent.NAME, new ReminderRunFinishedEvent(run1));
    const post = await h.waitCall('chat.postMessage', (c) => c.body.text.includes('Recordatorios del 30-11-2026'), 'the summary');
    const text = textOf(post.body.blocks);
    expect(text).toContain('*Enviados: 5*\n• 3 a 1 día de vencida\n• 2 a 7 días de vencida');
    expect(text).toContain('*Salteados: 1*\n• sin e-mail cargado: Factura B 0001-00000011 (Kiosco &lt;!here&gt;)');
    expect(text).toContain('Factura A 0001-00000012 — ACME: El cliente ACME no tiene e-mail cargado');
    expect(buttonsOf(post.body.blocks)).toEqual([{ actionId: 'open_send_dialog', value: 'i2', text: 'Enviar por email' }]);
    // The same run heard again posts nothing more; the empty run never posted.
    await events.emitAsync(ReminderRunFinishedEvent.NAME, new ReminderRunFinishedEvent(run1));
    await h.settled();
    expect(h.slack.callsOf('chat.postMessage').filter((c) => c.body.text.includes('Recordatorios'))).toHaveLength(1);
  });
});

describe('Automatic sending on save, in the channel', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ SLACK_CHANNEL_ID: CHANNEL });
    await h.t.api('PUT', '/api/company', { ...company, autoSendOnSave: true });
  });
  afterAll(() => h.close());
  afterEach(() => expect(h.slack.unexpected).toEqual([]));

  it('sends at once and updates the post with the outcome', async () => {
    const id = await h.invoice(600);
    const post = await h.waitCall('chat.postMessage', (c) => c.body.text.includes('0001-00000600'), 'the post');
    // The post shows the outcome: updated once the mail is out, or already so when it was published after the send.
    const sent = (c: { body: any }) => textOf(c.body.blocks).includes('Enviada a pagos@donpepe.com.ar');
    await waitFor(async () => sent(post) || h.slack.callsOf('chat.update').some((c) => c.body.ts === post.response.ts && sent(c)) || null, 15_000, 'the outcome on the post');
    expect(await h.deliveries(id)).toEqual([expect.objectContaining({ status: 'sent' })]);
  });

  it('says the customer has no e-mail and keeps the button', async () => {
    await h.t.api('PUT', '/api/customers/sinmail', { name: 'Kiosco Sin Mail', docType: 'CF', ivaCondition: 'CONSUMIDOR_FINAL' });
    const id = await h.invoice(610, { customerRef: 'sinmail' });
    const post = await h.waitCall('chat.postMessage', (c) => c.body.text.includes('0001-00000610'), 'the post');
    expect(textOf(post.body.blocks)).toContain('El envío automático está activado, pero el cliente no tiene e-mail cargado');
    expect(buttonsOf(post.body.blocks)[0]).toEqual({ actionId: 'open_send_dialog', value: id, text: 'Enviar por email' });
  });
});

describe('Two replicas on one database', () => {
  it('post a saved invoice once', async () => {
    const h = await startSlackHarness({ SLACK_CHANNEL_ID: CHANNEL });
    const second = await startTestApp(
      { SLACK_SIGNING_SECRET: 'x'.repeat(20), SLACK_BOT_TOKEN: h.slack.botToken, SLACK_API_URL: h.slack.apiUrl, SLACK_CHANNEL_ID: CHANNEL },
      h.t.db,
    );
    try {
      const id = await h.invoice(700);
      // The other replica hears the same event (as after a redelivery) and races to post.
      await second.app.get(EventEmitter2).emitAsync('invoice.saved', { invoiceId: id });
      await h.waitCall('chat.postMessage', (c) => c.body.text.includes('0001-00000700'), 'the post');
      await h.settled();
      expect(h.slack.callsOf('chat.postMessage').filter((c) => c.body.text.includes('0001-00000700'))).toHaveLength(1);
      expect(h.slack.unexpected).toEqual([]);
    } finally {
      await second.close();
      await h.close();
    }
  });
});
