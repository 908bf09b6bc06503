import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { company, donPepe, invoiceB } from '../support/sample-data';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { pdfText } from '../support/pdf-text';
import { FakeSendgrid, startFakeSendgrid } from '../fakes/fake-sendgrid.server';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InvoiceSavedEvent } from '../../src/invoices/invoice-saved.event';
import { AutoSendListener } from '../../src/mail/auto-send.listener';
import { signedWebhookHeaders, webhookKeys } from '../support/sendgrid-webhook';

async function seed(t: TestApp, number = 123): Promise<string> {
  await t.api('PUT', '/api/company', company);
  await t.api('PUT', '/api/customers/donpepe', donPepe);
  return (await t.api('POST', '/api/invoices', invoiceB({ number }))).body.id;
}

describe('Deliveries survive restarts and replicas', () => {
  let sg: FakeSendgrid;
  let db: TestDatabase;
  beforeAll(async () => {
    sg = await startFakeSendgrid();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await sg.stop();
    await db.drop();
  });
  afterEach(() => expect(sg.unexpected).toEqual([]));
  const env = () => ({ SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url, MAIL_FROM_ADDRESS: 'facturas@factura-bot.test' });

  it('resumes a delivery queued for retry when the app restarts, and sends it once', async () => {
    const first = await startTestApp(env(), db);
    const id = await seed(first, 1);
    sg.failNext({ status: 500 });
    const res = await first.api('POST', `/api/invoices/${id}/send`, {});
    expect(res.body).toMatchObject({ status: 'queued', attempts: 1 });
    await first.close();

    const before = sg.accepted().length;
    const second = await startTestApp(env(), db);
    try {
      const sent = await waitFor(async () => {
        const [d] = (await second.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries;
        return d.status === 'sent' ? d : null;
      }, 20_000, 'the resumed delivery');
      expect(sent.attempts).toBe(2);
      expect(sg.accepted().length).toBe(before + 1);
    } finally {
      await second.close();
    }
  });

  it('sends one e-mail when two instances on one database get the same request at once', async () => {
    const a = await startTestApp(env(), db);
    const b = await startTestApp(env(), db);
    try {
      const id = await seed(a, 2);
      const before = sg.accepted().length;
      const [ra, rb] = await Promise.all([
        a.api('POST', `/api/invoices/${id}/send`, {}, { 'idempotency-key': 'same-request' }),
        b.api('POST', `/api/invoices/${id}/send`, {}, { 'idempotency-key': 'same-request' }),
      ]);
      expect(ra.status).toBe(202);
      expect(rb.status).toBe(202);
      expect(ra.body.id).toBe(rb.body.id);
      await waitFor(async () => {
        const [d] = (await a.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries;
        return d.status === 'sent';
      }, 15_000, 'the one delivery');
      expect(sg.acceptedFor(ra.body.id)).toHaveLength(1);
      expect(sg.accepted().length).toBe(before + 1);
      expect((await a.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('SendGrid Event Webhook', () => {
  const keys = webhookKeys();
  let sg: FakeSendgrid;
  let t: TestApp;
  beforeAll(async () => {
    sg = await startFakeSendgrid();
    t = await startTestApp({
      SENDGRID_API_KEY: sg.apiKey,
      SENDGRID_API_URL: sg.url,
      MAIL_FROM_ADDRESS: 'facturas@factura-bot.test',
      SENDGRID_WEBHOOK_PUBLIC_KEY: keys.publicKeyBase64,
    });
  });
  afterAll(async () => {
    await t.close();
    await sg.stop();
  });
  afterEach(() => expect(sg.unexpected).toEqual([]));

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${t.url}/webhooks/sendgrid`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (body: string) => signedWebhookHeaders(body, keys.privateKey);

  it('marks a delivery delivered, then bounced, from signed events; refuses unsigned ones', async () => {
    const id = await seed(t);
    const delivery = (await t.api('POST', `/api/invoices/${id}/send`, {})).body;
    const messageId = sg.accepted().at(-1)!.messageId!;

    const delivered = JSON.stringify([
      { email: 'pagos@donpepe.com.ar', event: 'delivered', timestamp: 1, sg_message_id: `${messageId}.filter0001`, delivery_id: delivery.id },
      { email: 'pagos@donpepe.com.ar', event: 'group_unsubscribe', timestamp: 1, delivery_id: delivery.id },
    ]);
    const ok = await post(delivered, signed(delivered));
    expect(ok.status).toBe(200);
    const after = (await t.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries[0];
    expect(after.status).toBe('delivered');

    const unsigned = await post(JSON.stringify([{ event: 'bounce', delivery_id: delivery.id }]), {});
    expect(unsigned.status).toBe(403);
    const forged = JSON.stringify([{ event: 'bounce', delivery_id: delivery.id }]);
    const bad = await post(forged, { ...signed('[]'), 'content-type': 'application/json' });
    expect(bad.status).toBe(403);
    expect((await t.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries[0].status).toBe('delivered');

    const bounce = JSON.stringify([{ email: 'pagos@donpepe.com.ar', event: 'bounce', timestamp: 2, sg_message_id: `${messageId}.filter0002`, reason: '550 5.1.1 user unknown' }]);
    expect((await post(bounce, signed(bounce))).status).toBe(200);
    const bounced = (await t.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries[0];
    expect(bounced).toMatchObject({ status: 'bounced', error: expect.stringContaining('user unknown') });
  });
});

describe('Local outbox (no SENDGRID_API_KEY)', () => {
  it('writes a real .eml that a mail parser reads back, PDF attached', async () => {
    const t = await startTestApp();
    try {
      const id = await seed(t);
      const res = await t.api('POST', `/api/invoices/${id}/send`, { copyTo: 'yo@tornillos.com.ar' });
      expect(res.body).toMatchObject({ status: 'sent' });
      const files = readdirSync(t.outboxDir).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const mail = await simpleParser(readFileSync(join(t.outboxDir, files[0])));
      expect(mail.from?.value[0]).toMatchObject({ name: 'Tornillos del Sur S.R.L.' });
      expect(mail.replyTo?.text).toBe('facturacion@tornillos.com.ar');
      expect((mail.to as { text: string }).text).toBe('pagos@donpepe.com.ar, admin@donpepe.com.ar');
      expect((mail.bcc as { text: string }).text).toBe('yo@tornillos.com.ar');
      expect(mail.subject).toBe('Adjuntamos su factura Nro. 0001-00000123');
      expect(mail.text).toContain('Estimado cliente Ferretería Don Pepe:');
      expect(mail.html).toContain('este link</a>');
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]).toMatchObject({ filename: 'Factura-B-0001-00000123.pdf', contentType: 'application/pdf' });
      expect(pdfText(mail.attachments[0].content)).toContain('Tornillos del Sur S.R.L.');
    } finally {
      await t.close();
    }
  });
});

describe('Automatic sending on save', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());
  const deliveries = async (id: string) => (await t.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries;
  const emls = () => readdirSync(t.outboxDir).filter((f) => f.endsWith('.eml'));

  it('sends nothing on save while the company has it off', async () => {
    const manual = await seed(t, 1);
    // The listener itself, awaited: whatever it would do is done when it returns.
    await t.app.get(AutoSendListener).onInvoiceSaved(new InvoiceSavedEvent(manual));
    expect(await deliveries(manual)).toEqual([]);
    expect(emls()).toEqual([]);
  });

  it('sends each saved invoice once with the defaults when the company turned it on', async () => {
    await t.api('PUT', '/api/company', { ...company, autoSendOnSave: true });
    const auto = (await t.api('POST', '/api/invoices', invoiceB({ number: 3 }))).body;
    const [delivery] = await waitFor(async () => {
      const list = await deliveries(auto.id);
      return list.length && list[0].status === 'sent' ? list : null;
    }, 15_000, 'the automatic delivery');
    expect(delivery).toMatchObject({ to: ['pagos@donpepe.com.ar', 'admin@donpepe.com.ar'], subject: 'Adjuntamos su factura Nro. 0001-00000003' });

    // The same event heard again (a second replica, a replayed save) sends nothing more.
    await t.app.get(AutoSendListener).onInvoiceSaved(new InvoiceSavedEvent(auto.id));
    await t.app.get(EventEmitter2).emitAsync(InvoiceSavedEvent.NAME, new InvoiceSavedEvent(auto.id));
    expect(await deliveries(auto.id)).toHaveLength(1);
    expect(emls()).toHaveLength(1);
  });
});
