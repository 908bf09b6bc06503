import { Injectable, Logger } from '@nestjs/common';
import { HTTPResponseAck, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { slackLogger } from './slack-web.client';

/** Slack signs each request with a timestamp; older or newer than this is refused (replay). */
const MAX_SKEW_SECONDS = 5 * 60;

export type RawRequest = Request & { rawBody?: Buffer };

/**
 * Bolt's receiver for HTTP mode, fed by a Nest controller on POST
 * /slack/events (commands, interactivity and events on one URL). The
 * signature and timestamp are checked on the raw bytes before anything is
 * parsed; a forged or stale request gets 401 and does nothing. Listeners
 * answer through ack(), which writes the HTTP response at once, so Slack
 * hears back before any slow work starts.
 */
@Injectable()
export class SlackHttpReceiver implements Receiver {
  private readonly logger = new Logger('Slack');
  private readonly boltLogger = slackLogger('SlackHttp');
  private app?: App;

  constructor(private readonly config: AppConfig) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** False when this process does not take Slack over HTTP (Slack off, or Socket Mode). */
  get active(): boolean {
    return Boolean(this.app);
  }

  async handle(req: RawRequest, res: Response): Promise<void> {
    const raw = req.rawBody?.toString('utf8');
    if (raw === undefined) {
      res.status(400).end();
      return;
    }
    if (!this.authentic(req, raw)) {
      res.status(401).end();
      return;
    }
    const body = parseBody(req.headers['content-type'] ?? '', raw);
    if (!body || !isSlackShaped(body)) {
      res.status(400).end();
      return;
    }
    if (body.type === 'url_verification') {
      res.status(200).json({ challenge: body.challenge });
      return;
    }
    if (body.ssl_check) {
      res.status(200).end();
      return;
    }
    const retryNum = numberHeader(req, 'x-slack-retry-num');
    const retryReason = stringHeader(req, 'x-slack-retry-reason');
    // Slack retries an Events API delivery it thinks timed out; we had it and
    // acked late, so the retry is acknowledged and dropped. Other reasons
    // (connection failed…) mean the first never arrived: processed as usual.
    if (body.type === 'event_callback' && retryNum && retryReason === 'http_timeout') {
      res.status(200).setHeader('X-Slack-No-Retry', '1').end();
      return;
    }
    const ack = new HTTPResponseAck({
      logger: this.boltLogger,
      processBeforeResponse: false,
      httpRequest: req,
      httpResponse: res,
      httpRequestBody: body,
    } as ConstructorParameters<typeof HTTPResponseAck>[0]);
    const event: ReceiverEvent = { body, ack: ack.bind(), retryNum, retryReason };
    try {
      await this.app!.processEvent(event);
    } catch (err) {
      this.logger.error({ err }, 'Slack request failed');
      if (!res.headersSent) res.status(500).end();
    }
  }

  private authentic(req: RawRequest, raw: string): boolean {
    const stamp = stringHeader(req, 'x-slack-request-timestamp') ?? '';
    const timestamp = Number(stamp);
    const signature = stringHeader(req, 'x-slack-signature') ?? '';
    // Bolt's check refuses old timestamps only; one from the future is as much a replay risk.
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > MAX_SKEW_SECONDS) {
      this.logger.warn('Slack request refused: timestamp missing or more than 5 minutes off');
      return false;
    }
    // Slack's v0 scheme: HMAC-SHA256 of "v0:<timestamp header>:<body>" under the signing secret, compared
    // in constant time. Bolt's verifySlackRequest does the same but compares through tsscmp, which
    // draws random bytes and computes two more HMACs on every request.
    const expected = Buffer.from(`v0=${createHmac('sha256', this.config.slack.signingSecret ?? '').update(`v0:${stamp}:${raw}`).digest('hex')}`);
    const given = Buffer.from(signature);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
    this.logger.warn('Slack request refused: signature does not match');
    return false;
  }
}

/** Commands and interactivity come form-encoded (interactivity as a JSON `payload` field); events as JSON. */
function parseBody(contentType: string, raw: string): Record<string, any> | null {
  try {
    let parsed: unknown = null;
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(raw);
      const payload = form.get('payload');
      parsed = payload !== null ? JSON.parse(payload) : Object.fromEntries(form);
    } else if (contentType.startsWith('application/json')) {
      parsed = JSON.parse(raw);
    }
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, any>) : null;
  } catch {
    /* not what Slack sends */
  }
  return null;
}

/**
 * The least Bolt reads before any listener runs: a command names its user,
 * an event carries its event, an interaction its user. A signed body without
 * that is refused with a 400 here rather than a TypeError inside Bolt.
 */
function isSlackShaped(body: Record<string, any>): boolean {
  if (body.type === 'url_verification' || body.ssl_check) return true;
  if (typeof body.command === 'string') return typeof body.user_id === 'string';
  if (body.type === 'event_callback') return typeof body.event === 'object' && body.event !== null;
  return typeof body.type === 'string' && typeof body.user?.id === 'string';
}

function stringHeader(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function numberHeader(req: Request, name: string): number | undefined {
  const value = Number(stringHeader(req, name));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
