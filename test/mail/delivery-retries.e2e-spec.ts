import { EventEmitter2 } from '@nestjs/event-emitter';
import { DeliveryEvent } from '../../src/mail/delivery.events';
import { company, donPepe, invoiceB } from '../support/sample-data';
import { postSignedEvents, webhookKeys } from '../support/sendgrid-webhook';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { FakeSendgrid, startFakeSendgrid } from '../fakes/fake-sendgrid.server';

/**
 * A SendGrid outage, scaled down: waits capped at 1 s instead of 1 h, and a
 * give-up window of seconds instead of 24 h where the test needs one.
 */
describe('Deliveries through a SendGrid outage', () => {
  const keys = webhookKeys();
  let sg: FakeSendgrid;
  let t: TestApp;
  let next = 1;
  const events: { name: string; id: string; status: string; error: string | null }[] = [];

  beforeAll(async () => {
    sg = await startFakeSendgrid();
    t = await startTestApp({
      SENDGRID_API_KEY: sg.apiKey,
      SENDGRID_API_URL: sg.url,
      MAIL_FROM_ADDRESS: 'facturas@factura-bot.test',
      SENDGRID_WEBHOOK_PUBLIC_KEY: keys.publicKeyBase64,
      MAIL_RETRY_MAX_DELAY_SECONDS: '1',
    });
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
    const emitter = t.app.get(EventEmitter2);
    for (const name of [DeliveryEvent.SENT, DeliveryEvent.FAILED, DeliveryEvent.BOUNCED, DeliveryEvent.DELIVERED]) {
      emitter.on(name, (e: DeliveryEvent) => events.push({ name, id: e.delivery.id, status: e.delivery.status, error: e.delivery.error }));
    }
  });
  afterAll(async () => {
    await t.close();
    await sg.stop();
  });
  afterEach(() => {
    sg.outage(null);
    expect(sg.unexpected).toEqual([]);
  });

  const invoice = async () => (await t.api('POST', '/api/invoices', invoiceB({ number: next++, dueDate: '2999-12-31' }))).body.id as string;
  const delivery = async (invoiceId: string) => (await t.api('GET', `/api/deliveries?invoiceId=${invoiceId}`)).body.deliveries[0];
  const send = async (invoiceId: string) => (await t.api('POST', `/api/invoices/${invoiceId}/send`, {})).body;
  /** Events are emitted after the row is written: wait for as many as the test expects, then compare all of them. */
  const eventsOf = async (id: string, count: number) => {
    await waitFor(async () => events.filter((e) => e.id === id).length >= count || null, 5_000, `${count} delivery event(s)`);
    return events.filter((e) => e.id === id);
  };
  const until = (invoiceId: string, ok: (d: any) => boolean, what: string) =>
    waitFor(async () => {
      const d = await delivery(invoiceId);
      return ok(d) ? d : null;
    }, 20_000, what);

  it('stays queued with its attempts and last error while SendGrid is down, then sends once', async () => {
    const id = await invoice();
    sg.outage({ status: 503 });
    const first = await send(id);
    expect(first).toMatchObject({ status: 'queued', attempts: 1, error: expect.stringContaining('SendGrid respondió 503') });

    const during = await until(id, (d) => d.attempts >= 4, 'several failed attempts');
    expect(during).toMatchObject({ status: 'queued', error: expect.stringContaining('503') });
    expect(sg.acceptedFor(first.id)).toHaveLength(0);

    sg.outage(null);
    const sent = await until(id, (d) => d.status === 'sent', 'the send after the outage');
    expect(sent.attempts).toBeGreaterThanOrEqual(5);
    expect(sent.error).toBeNull();
    expect(sg.acceptedFor(first.id)).toHaveLength(1);
    expect(await eventsOf(first.id, 1)).toEqual([{ name: DeliveryEvent.SENT, id: first.id, status: 'sent', error: null }]);
  });

  it('fails at once on a 400, keeping SendGrid\'s words, and says so with delivery.failed', async () => {
    const id = await invoice();
    sg.failNext({ status: 400, body: { errors: [{ message: 'The from address does not match a verified Sender Identity.', field: 'from' }] } });
    const res = await send(id);
    expect(res).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('does not match a verified Sender Identity') });
    expect(sg.requests.filter((r) => r.body?.personalizations?.[0]?.custom_args?.delivery_id === res.id)).toHaveLength(1);
    expect(await eventsOf(res.id, 1)).toEqual([
      { name: DeliveryEvent.FAILED, id: res.id, status: 'failed', error: expect.stringContaining('verified Sender Identity') },
    ]);
  });

  it('marks a queued delivery delivered when SendGrid reports it, and never sends it again', async () => {
    const id = await invoice();
    sg.outage({ status: 500 });
    const queued = await send(id);
    expect(queued.status).toBe('queued');
    // SendGrid took the mail after all (our side saw a failure): its event arrives.
    const res = await postSignedEvents(t.url, keys.privateKey, [
      { event: 'deferred', delivery_id: queued.id, email: 'pagos@donpepe.com.ar', attempt: '1', response: '421 try later', timestamp: 1 },
      { event: 'delivered', delivery_id: queued.id, email: 'pagos@donpepe.com.ar', timestamp: 2 },
    ]);
    expect(res.status).toBe(200);
    expect(await delivery(id)).toMatchObject({ status: 'delivered', error: null, note: expect.stringContaining('Demorado por el servidor de destino (intento 1): 421 try later') });
    expect((await eventsOf(queued.id, 1)).map((e) => e.name)).toEqual([DeliveryEvent.DELIVERED]);

    // A retry already under way when the event came meets the outage, like a later send's first attempt
    // (the API answers once that attempt is over). Then SendGrid comes back: once the later send has gone
    // through, the dispatcher has polled since, and it left this one alone.
    const barrier = await invoice();
    expect((await send(barrier)).status).toBe('queued');
    sg.outage(null);
    await until(barrier, (d) => d.status === 'sent', 'a later send');
    expect(sg.acceptedFor(queued.id)).toHaveLength(0);
  });

  it('reports a bounce with delivery.bounced, and a late "delivered" does not undo it', async () => {
    const id = await invoice();
    const sent = await send(id);
    expect(sent.status).toBe('sent');
    await postSignedEvents(t.url, keys.privateKey, [
      { event: 'bounce', delivery_id: sent.id, email: 'admin@donpepe.com.ar', reason: '550 5.1.1 user unknown', timestamp: 1 },
      { event: 'delivered', delivery_id: sent.id, email: 'pagos@donpepe.com.ar', timestamp: 2 },
    ]);
    expect(await delivery(id)).toMatchObject({ status: 'bounced', error: 'Rebotado (admin@donpepe.com.ar): 550 5.1.1 user unknown' });
    expect((await eventsOf(sent.id, 2)).map((e) => e.name)).toEqual([DeliveryEvent.SENT, DeliveryEvent.BOUNCED]);
  });
});

describe('Giving up on a delivery', () => {
  it('fails for good once the retry window has passed, and says so with delivery.failed', async () => {
    const sg = await startFakeSendgrid();
    const t = await startTestApp({
      SENDGRID_API_KEY: sg.apiKey,
      SENDGRID_API_URL: sg.url,
      MAIL_FROM_ADDRESS: 'facturas@factura-bot.test',
      MAIL_RETRY_MAX_DELAY_SECONDS: '1',
      MAIL_RETRY_GIVE_UP_SECONDS: '3',
    });
    try {
      const failed: string[] = [];
      t.app.get(EventEmitter2).on(DeliveryEvent.FAILED, (e: DeliveryEvent) => failed.push(e.delivery.id));
      await t.api('PUT', '/api/company', company);
      await t.api('PUT', '/api/customers/donpepe', donPepe);
      const id = (await t.api('POST', '/api/invoices', invoiceB())).body.id;
      sg.outage({ status: 502 });
      const queued = (await t.api('POST', `/api/invoices/${id}/send`, {})).body;
      const done = await waitFor(async () => {
        const [d] = (await t.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries;
        return d.status === 'failed' ? d : null;
      }, 20_000, 'the delivery to fail for good');
      expect(done.error).toMatch(/^SendGrid respondió 502: internal error \(sin éxito tras \d+ intentos en 3 s\)$/);
      expect(done.attempts).toBeGreaterThan(1);
      // delivery.failed is emitted just after the row is written.
      await waitFor(async () => failed.length > 0 || null, 5_000, 'delivery.failed');
      expect(failed).toEqual([queued.id]);
      expect(sg.accepted()).toHaveLength(0);
      expect(sg.unexpected).toEqual([]);
    } finally {
      await t.close();
      await sg.stop();
    }
  });
});
