import { Injectable, Logger as NestLogger } from '@nestjs/common';
import { Agent as HttpAgent, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ErrorCode, LogLevel, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import { AppConfig } from '../config/app-config';
import type { Block } from './views/blocks';

/** A Web API call Slack refused or that never reached it. */
export class SlackCallError extends Error {
  constructor(
    /** Slack's error code (`ratelimited`, `channel_not_found`…) or a transport one. */
    readonly code: string,
    /** Worth trying again later (rate limit, outage, timeout). */
    readonly retryable: boolean,
    /** Slack's Retry-After, when it gave one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`Slack: ${code}`);
    this.name = 'SlackCallError';
  }
}

/** Slack errors that say "not now" rather than "never". */
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

/** WebClient's timeout too: past it a call is a retryable request_failed. */
const CALL_TIMEOUT_MS = 10_000;

/** Where a message may land: a channel the bot is in, or a person's DM. */
export interface MessageTarget {
  channel: string;
  text: string;
  blocks?: Block[];
  threadTs?: string;
}

/**
 * The one class that talks to Slack's Web API (base URL from SLACK_API_URL,
 * which is how tests reach a local fake). Rate limits are never waited out
 * here: they come back as a retryable SlackCallError with Slack's
 * Retry-After, and the outbox decides when to try again, so no Slack call
 * ever holds a request, a send or an invoice save.
 */
@Injectable()
export class SlackWebClient {
  private readonly web: WebClient;
  private readonly apiUrl: string;
  private readonly authorization: string;
  private readonly https: boolean;
  private readonly agent: HttpAgent;

  constructor(config: AppConfig) {
    this.apiUrl = config.slack.apiUrl;
    this.authorization = `Bearer ${config.slack.botToken ?? ''}`;
    this.https = this.apiUrl.startsWith('https:');
    this.agent = this.https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.web = new WebClient(config.slack.botToken ?? undefined, {
      slackApiUrl: config.slack.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: CALL_TIMEOUT_MS,
      logger: slackLogger('SlackWeb'),
    });
  }

  async authTest(): Promise<{ team: string; user: string; botId: string | null; userId: string | null }> {
    const res = await this.call(() => this.web.auth.test());
    return { team: String(res.team ?? ''), user: String(res.user ?? ''), botId: (res.bot_id as string) ?? null, userId: (res.user_id as string) ?? null };
  }

  async openView(triggerId: string, view: Block): Promise<{ id: string }> {
    const res = await this.postForm('views.open', { trigger_id: triggerId, view: JSON.stringify(view) });
    return { id: String((res.view as { id?: string } | undefined)?.id ?? '') };
  }

  async updateView(viewId: string, hash: string | undefined, view: Block): Promise<void> {
    await this.postForm('views.update', { view_id: viewId, ...(hash ? { hash } : {}), view: JSON.stringify(view) });
  }

  async postMessage(target: MessageTarget): Promise<{ channel: string; ts: string }> {
    const res = await this.call(() =>
      this.web.chat.postMessage({
        channel: target.channel,
        text: target.text,
        ...(target.blocks ? { blocks: target.blocks as never } : {}),
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    return { channel: String(res.channel ?? target.channel), ts: String(res.ts ?? '') };
  }

  async postEphemeral(target: MessageTarget & { user: string }): Promise<void> {
    await this.call(() =>
      this.web.chat.postEphemeral({
        channel: target.channel,
        user: target.user,
        text: target.text,
        ...(target.blocks ? { blocks: target.blocks as never } : {}),
      }),
    );
  }

  async updateMessage(channel: string, ts: string, text: string, blocks: Block[]): Promise<void> {
    await this.call(() => this.web.chat.update({ channel, ts, text, blocks: blocks as never }));
  }

  /** The person's e-mail as Slack shows it (users:read.email), or null when Slack gives none. */
  async userEmail(userId: string): Promise<string | null> {
    const res = await this.call(() => this.web.users.info({ user: userId }));
    const email = (res.user as { profile?: { email?: string } } | undefined)?.profile?.email;
    return email?.trim() || null;
  }

  /** The bot's DM with a person, to send what cannot go where they asked. */
  async openDm(userId: string): Promise<string> {
    const res = await this.call(() => this.web.conversations.open({ users: userId }));
    const id = (res.channel as { id?: string } | undefined)?.id;
    if (!id) throw new SlackCallError('no_dm_channel', false);
    return id;
  }

  /** files.uploadV2: getUploadURLExternal, the bytes to that URL, completeUploadExternal into the conversation. */
  async uploadFile(file: { channel: string; bytes: Buffer; fileName: string; title: string; comment?: string; threadTs?: string }): Promise<void> {
    await this.call(() =>
      this.web.filesUploadV2({
        channel_id: file.channel,
        file: file.bytes,
        filename: file.fileName,
        title: file.title,
        ...(file.comment ? { initial_comment: file.comment } : {}),
        ...(file.threadTs ? { thread_ts: file.threadTs } : {}),
      } as never),
    );
  }

  /**
   * The modal calls (views.open, views.update) race a trigger id that lives
   * 3 seconds and come in bursts (a team opening dialogs at once), so they
   * skip WebClient: its fetch, queue, retry wrapper and the redaction of the
   * whole view for debug logs cost about a millisecond and a half of CPU per
   * call, a third of what opening a modal costs. Same request as WebClient
   * makes (form fields, bearer token, no retries: 10 s timeout, rate limits
   * returned, never waited out), same SlackCallError codes as toSlackCallError.
   */
  private postForm(method: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
    const body = new URLSearchParams(fields).toString();
    const send = this.https ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(`${this.apiUrl}${method}`, {
        method: 'POST',
        agent: this.agent,
        timeout: CALL_TIMEOUT_MS,
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          accept: 'application/json',
        },
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => reject(new SlackCallError('request_failed', true)));
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => reject(new SlackCallError('request_failed', true)));
        res.on('end', () => {
          if (res.statusCode === 429) {
            const seconds = Number(res.headers['retry-after']);
            return reject(new SlackCallError('ratelimited', true, (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000));
          }
          if (res.statusCode !== 200) return reject(new SlackCallError(`http_${res.statusCode}`, (res.statusCode ?? 500) >= 500));
          let result: Record<string, unknown>;
          try {
            result = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return reject(new SlackCallError('invalid_response', true));
          }
          if (result.ok !== true) {
            const code = typeof result.error === 'string' ? result.error : 'unknown_error';
            return reject(new SlackCallError(code, TRANSIENT.has(code)));
          }
          resolve(result);
        });
      });
      req.end(body);
    });
  }

  /** Runs one call, turning whatever @slack/web-api throws into a SlackCallError. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw toSlackCallError(err);
    }
  }
}

export function toSlackCallError(err: unknown): SlackCallError {
  if (err instanceof SlackCallError) return err;
  const e = err as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return new SlackCallError('ratelimited', true, (e.retryAfter ?? 1) * 1000);
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return new SlackCallError(code, TRANSIENT.has(code));
    }
    case ErrorCode.HTTPError:
      return new SlackCallError(`http_${e.statusCode ?? 'error'}`, (e.statusCode ?? 500) >= 500);
    case ErrorCode.RequestError:
      return new SlackCallError('request_failed', true);
    default:
      return new SlackCallError(e?.message ?? String(err), false);
  }
}

/** @slack/* log through Nest's logger, quietly: only what needs a person. */
export function slackLogger(context: string): SlackLogger {
  const log = new NestLogger(context);
  let level = LogLevel.WARN;
  let name = context;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...msg: unknown[]) => log.warn(`${name}: ${msg.map(String).join(' ')}`),
    error: (...msg: unknown[]) => log.error(`${name}: ${msg.map(String).join(' ')}`),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: (n: string) => void (name = n),
  };
}
