import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { App, SocketModeReceiver } from '@slack/bolt';
import { AppConfig } from '../config/app-config';
import { SlackHttpReceiver } from './slack-http.receiver';
import { SlackListeners } from './slack.listeners';
import { SlackCallError, slackLogger, SlackWebClient } from './slack-web.client';

/** How long shutdown waits for listeners still working after their ack (a send being queued…). */
const DRAIN_MS = 10_000;

/**
 * The Bolt app: HTTP mode through SlackHttpReceiver (POST /slack/events)
 * when the signing secret and bot token are set, Socket Mode when the app
 * token is set too (no public URL needed), nothing when Slack is off.
 */
@Injectable()
export class SlackBoltApp implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Slack');
  private readonly app: App | null = null;
  private readonly socket: SocketModeReceiver | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;
  private connecting?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly config: AppConfig,
    httpReceiver: SlackHttpReceiver,
    listeners: SlackListeners,
    private readonly web: SlackWebClient,
  ) {
    const slack = config.slack;
    if (!slack.enabled) return;
    const clientOptions = { slackApiUrl: slack.apiUrl };
    this.socket = slack.appToken
      ? new SocketModeReceiver({ appToken: slack.appToken, logger: slackLogger('SlackSocket'), installerOptions: { clientOptions } })
      : null;
    this.app = new App({
      receiver: this.socket ?? httpReceiver,
      // Only the bot token is needed; no auth.test per request, no install flow.
      authorize: async () => ({ botToken: slack.botToken! }),
      ignoreSelf: false,
      // No conversation state in process memory: replicas share nothing but the database.
      convoStore: false,
      clientOptions,
      logger: slackLogger('Bolt'),
    });
    this.app.error(async (err) => this.logger.error({ err }, 'Slack listener failed'));
    // Work a listener does after its ack still counts: shutdown waits for it.
    this.app.use(async ({ next }) => {
      const run = next();
      this.inFlight.add(run);
      try {
        await run;
      } finally {
        this.inFlight.delete(run);
      }
    });
    listeners.register(this.app);
  }

  get mode(): 'http' | 'socket' | 'off' {
    return !this.app ? 'off' : this.socket ? 'socket' : 'http';
  }

  onApplicationBootstrap(): void {
    if (!this.app) return;
    void this.web
      .authTest()
      .then((me) => this.logger.log(`Slack: connected to workspace "${me.team}" as @${me.user}`))
      .catch((err) => {
        const code = err instanceof SlackCallError ? err.code : String(err);
        this.logger.warn(
          ['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive'].includes(code)
            ? `Slack: the bot token was not accepted (${code}); check SLACK_BOT_TOKEN`
            : `Slack: could not reach Slack's Web API at ${this.config.slack.apiUrl} (${code}); posts wait in the outbox until it answers`,
        );
      });
    if (this.socket) this.connecting = this.connect();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (this.socket) {
      await this.connecting;
      await this.socket.stop().catch(() => undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS)));
    await Promise.race([Promise.allSettled([...this.inFlight]), late]);
    clearTimeout(timer);
  }

  /** Socket Mode: keeps trying until Slack answers (the client reconnects by itself afterwards). */
  private async connect(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.socket!.start();
        this.logger.log('Slack: Socket Mode connected');
        return;
      } catch (err) {
        const waitMs = Math.min(60_000, 1_000 * 2 ** Math.min(attempt, 6));
        this.logger.warn(`Slack: Socket Mode could not connect (${(err as Error).message}); retrying in ${waitMs / 1000} s`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          this.wake = () => (clearTimeout(timer), resolve());
        });
      }
    }
  }
}
