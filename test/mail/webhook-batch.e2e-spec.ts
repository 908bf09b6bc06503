import { Client } from 'pg';
import { PrismaService } from '../../src/database/prisma.service';
import { company, donPepe, invoiceB } from '../support/sample-data';
import { postSignedEvents, webhookKeys } from '../support/sendgrid-webhook';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/**
 * One signed batch carrying many events for many deliveries, in the order
 * SendGrid sends them, across the chunks the app applies it in.
 */
describe('SendGrid Event Webhook: large batches', () => {
  const keys = webhookKeys();
  let t: TestApp;
  let invoiceId: string;
  beforeAll(async () => {
    t = await startTestApp({ SENDGRID_WEBHOOK_PUBLIC_KEY: keys.publicKeyBase64 });
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
    invoiceId = (await t.api('POST', '/api/invoices', invoiceB())).body.id;
  });
  afterAll(() => t.close());

  const db = () => t.app.get(PrismaService).client;

  async function sentDeliveries(count: number, status = 'sent'): Promise<{ id: string; providerMessageId: string }[]> {
    const rows = Array.from({ length: count }, (_, i) => ({
      invoiceId, kind: 'invoice', status, fromName: 'x', to: `c${i}@x.com`, subject: 's', textBody: 't', htmlBody: 'h',
      template: 'original', providerMessageId: `msg${Math.random().toString(36).slice(2)}`, attempts: 1,
    }));
    await db().delivery.createMany({ data: rows });
    return db().delivery.findMany({
      where: { providerMessageId: { in: rows.map((r) => r.providerMessageId) } },
      select: { id: true, providerMessageId: true },
    }) as Promise<{ id: string; providerMessageId: string }[]>;
  }

  it('applies 3,000 events over 600 deliveries as one by one would, in one post', async () => {
    const deliveries = await sentDeliveries(600);
    const failed = await sentDeliveries(1, 'failed');
    const events: object[] = [];
    deliveries.forEach((d, i) => {
      // By our delivery id on some, by SendGrid's message id on others, as both arrive.
      const who = i % 2 ? { delivery_id: d.id } : { sg_message_id: `${d.providerMessageId}.filter0001` };
      const bounced = i % 10 === 0;
      events.push({ event: 'processed', ...who });
      events.push({ event: 'delivered', ...who });
      events.push(bounced ? { event: 'bounce', reason: `550 no such user ${i}`, email: `c${i}@x.com`, ...who } : { event: 'open', ...who });
      events.push({ event: 'deferred', response: '421 later', attempt: '1', ...who });
      events.push(bounced ? { event: 'delivered', ...who } : { event: 'click', ...who });
    });
    events.push({ event: 'delivered', delivery_id: failed[0].id }, { event: 'delivered', delivery_id: 'no-such-delivery' });

    const res = await postSignedEvents(t.url, keys.privateKey, events);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, updated: 601 });

    const rows = await db().delivery.findMany({ where: { id: { in: deliveries.map((d) => d.id) } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    deliveries.forEach((d, i) => {
      const row = byId.get(d.id)!;
      if (i % 10 === 0) {
        // The later "delivered" cannot undo the bounce, and is not the last event either.
        expect(row).toMatchObject({ status: 'bounced', lastEvent: 'deferred', error: expect.stringContaining(`550 no such user ${i}`) });
      } else {
        expect(row).toMatchObject({ status: 'delivered', lastEvent: 'click', error: null });
      }
      expect(row.note).toContain('421 later');
    });
    expect(await db().delivery.findUnique({ where: { id: failed[0].id } })).toMatchObject({ status: 'delivered' });
  });

  const WAITING_HERE = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
  // Replicas share a database only on PostgreSQL (SQLite is one process's file).
  const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? it : it.skip;

  onPostgres('never lets a "delivered" overwrite a bounce that another replica committed while it was applying', async () => {
    const [delivery] = await sentDeliveries(1);
    const other = new Client({ connectionString: t.db.url });
    await other.connect();
    try {
      // Another replica's bounce, written but not yet committed.
      await other.query('BEGIN');
      await other.query(`UPDATE "Delivery" SET status = 'bounced', "lastEvent" = 'bounce' WHERE id = $1`, [delivery.id]);
      const posting = postSignedEvents(t.url, keys.privateKey, [{ event: 'delivered', delivery_id: delivery.id }]);
      // Our batch has read the row as "sent" and now waits for its lock.
      await waitFor(async () => Number((await other.query(WAITING_HERE)).rows[0].count) > 0, 10_000, 'the webhook to wait for the row');
      await other.query('COMMIT');
      expect((await posting).status).toBe(200);
    } finally {
      await other.end();
    }
    expect(await db().delivery.findUnique({ where: { id: delivery.id } })).toMatchObject({ status: 'bounced', lastEvent: 'bounce' });
  });
});
