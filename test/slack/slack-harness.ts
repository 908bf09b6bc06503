import { FakeSendgrid, startFakeSendgrid } from '../fakes/fake-sendgrid.server';
import { FakeSlack, SlackCall, startFakeSlack } from '../fakes/fake-slack.server';
import { company, donPepe, invoiceB } from '../support/sample-data';
import { SIGNING_SECRET } from '../support/slack-requests';
import type { Clock } from '../../src/common/clock';
import type { TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { postSignedEvents, webhookKeys } from '../support/sendgrid-webhook';
import { PrismaService } from '../../src/database/prisma.service';

export const CHANNEL = 'C0FACTURAS';

/** The app with Slack on against the fake Slack, mail through the fake SendGrid with a signed webhook. */
export interface SlackHarness {
  slack: FakeSlack;
  sg: FakeSendgrid;
  t: TestApp;
  /** A new invoice for Don Pepe (or `customerRef`), returning its id. */
  invoice(number: number, overrides?: Record<string, unknown>): Promise<string>;
  /** SendGrid's signed Event Webhook. */
  webhook(events: unknown[]): Promise<number>;
  /** Waits for the n-th successful call of a method (1-based), or any call matching `match`. */
  waitCall(method: string, match?: (c: SlackCall) => boolean, what?: string): Promise<SlackCall>;
  deliveries(invoiceId: string): Promise<any[]>;
  /**
   * Waits until the Slack outbox holds nothing pending: every post that was
   * queued has been posted or given up. A duplicate would be a second row or
   * the same row posted again, so counting Slack's calls after this is final.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startSlackHarness(
  env: Record<string, string> = {},
  options: { socketMode?: boolean; db?: TestDatabase; clock?: Clock } = {},
): Promise<SlackHarness> {
  const keys = webhookKeys();
  const slack = await startFakeSlack();
  const sg = await startFakeSendgrid();
  const t = await startTestApp({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_API_URL: slack.apiUrl,
    ...(options.socketMode ? { SLACK_APP_TOKEN: slack.appToken } : {}),
    SENDGRID_API_KEY: sg.apiKey,
    SENDGRID_API_URL: sg.url,
    MAIL_FROM_ADDRESS: 'facturas@factura-bot.test',
    SENDGRID_WEBHOOK_PUBLIC_KEY: keys.publicKeyBase64,
    PUBLIC_URL: 'https://facturas.example.com',
    ...env,
  }, options.db, { clock: options.clock });
  await t.api('PUT', '/api/company', company);
  await t.api('PUT', '/api/customers/donpepe', donPepe);

  return {
    slack,
    sg,
    t,
    async invoice(number, overrides = {}) {
      const res = await t.api('POST', '/api/invoices', invoiceB({ number, ...overrides }));
      if (res.status !== 201) throw new Error(`invoice ${number}: ${res.status} ${res.text}`);
      return res.body.id;
    },
    webhook: async (events) => (await postSignedEvents(t.url, keys.privateKey, events)).status,
    waitCall: (method, match = () => true, what = method) =>
      waitFor(async () => slack.callsOf(method).find(match), 15_000, what),
    deliveries: async (invoiceId) => (await t.api('GET', `/api/deliveries?invoiceId=${invoiceId}`)).body.deliveries,
    async settled() {
      const posts = t.app.get(PrismaService).client.slackPost;
      await waitFor(async () => (await posts.count({ where: { status: 'pending' } })) === 0, 15_000, 'the Slack outbox to settle');
    },
    async close() {
      await t.close();
      await slack.stop();
      await sg.stop();
    },
  };
}

/** All mrkdwn and plain text of a message's or view's blocks, joined: what a person reads. */
export function textOf(blocks: any[] | undefined): string {
  const out: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if ((node.type === 'mrkdwn' || node.type === 'plain_text') && typeof node.text === 'string') out.push(node.text);
    for (const [key, value] of Object.entries(node)) if (key !== 'text' || typeof value !== 'string') walk(value);
  };
  walk(blocks ?? []);
  return out.join('\n');
}

/** Buttons of a message: action id, value, text. */
export function buttonsOf(blocks: any[] | undefined): { actionId: string; value: string; text: string }[] {
  const out: { actionId: string; value: string; text: string }[] = [];
  for (const block of blocks ?? []) {
    for (const el of [block.accessory, ...(block.elements ?? [])]) {
      if (el?.type === 'button') out.push({ actionId: el.action_id, value: el.value, text: el.text.text });
    }
  }
  return out;
}
