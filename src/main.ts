import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { createServer } from 'node:net';
import { createApp } from './app.factory';
import { messages } from './common/messages';
import { AppConfig } from './config/app-config';
import { ConfigError, loadConfig } from './config/load-config';
import { databaseKind, sqliteFilePath } from './database/database-url';
import { SlackBoltApp } from './slack/slack-bolt.app';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // Before Nest starts anything (migrations, the mail dispatcher, "successfully
  // started"): a second copy on a taken port says so in one line and leaves.
  await exitIfPortUnusable(config.port, () => portProbe(config.port));
  const app = await createApp(config);
  // Taken in between the probe and now: same line, after a clean close.
  await exitIfPortUnusable(config.port, () => app.listen(config.port), () => app.close());
  logStartup(app, config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutDown(app, signal));
}

/** Runs `listen`; when the port is taken or forbidden, prints why in Spanish and exits with 1. */
async function exitIfPortUnusable(port: number, listen: () => Promise<unknown>, cleanUp?: () => Promise<void>): Promise<void> {
  try {
    await listen();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
    await cleanUp?.().catch(() => undefined);
    console.error(code === 'EADDRINUSE' ? messages.startup.portInUse(port) : messages.startup.portForbidden(port));
    process.exit(1);
  }
}

/** Binds the port as app.listen will (all interfaces) and lets it go at once. */
function portProbe(port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => server.close(() => resolve()));
  });
}

/**
 * In order: stop taking connections and let requests finish, stop the
 * background work (hooks in src/common/http-drain.service.ts, the mail
 * dispatcher…), then close Chromium and the database.
 */
async function shutDown(app: INestApplication, signal: string): Promise<void> {
  const log = new Logger('Shutdown');
  log.log(`${signal} received: finishing requests in flight, then stopping`);
  try {
    await app.close();
    log.log('stopped cleanly');
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}

/** What is on and off, and where to look: the first thing a newcomer reads. */
function logStartup(app: INestApplication, config: AppConfig): void {
  const log = new Logger('factura-bot');
  const url = `http://localhost:${config.port}`;
  const db =
    databaseKind(config.databaseUrl) === 'postgres'
      ? 'PostgreSQL'
      : `SQLite at ${sqliteFilePath(config.databaseUrl)}`;
  log.log(`listening on ${url} (database: ${db})`);
  log.log(`REST API docs: ${url}/api/docs`);
  log.log(slackLine(app.get(SlackBoltApp).mode, `${url}/slack/events`, config.slack.channelId));
  log.log(
    config.sendgrid.apiKey
      ? `Mail: SendGrid at ${config.sendgrid.apiUrl}, from ${config.mailFromAddress}`
      : `Mail: local outbox, .eml files in ${config.outboxDir} (set SENDGRID_API_KEY to send for real)`,
  );
  if (config.apiTokenSource === 'generated') {
    // Printed once, on the start that created it; it stays in var/api-token.
    log.warn(`API_TOKEN was not set: generated one and saved it in var/api-token. Use: Authorization: Bearer ${config.apiToken}`);
  } else if (config.apiTokenSource === 'file') {
    log.log('API token: the one in var/api-token (API_TOKEN not set): Authorization: Bearer $(cat var/api-token)');
  }
}

/** The truth about Slack: where its requests are taken, or why it is off. */
function slackLine(mode: 'http' | 'socket' | 'off', eventsUrl: string, channelId: string | null): string {
  const posts = channelId ? `; posts to channel ${channelId}` : '; no channel posts (SLACK_CHANNEL_ID unset)';
  if (mode === 'http') return `Slack: on, HTTP mode: point the app's request URLs at ${eventsUrl} (public URL)${posts}`;
  if (mode === 'socket') return `Slack: on, Socket Mode (no public URL needed)${posts}`;
  return 'Slack: off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN for HTTP mode, plus SLACK_APP_TOKEN for Socket Mode)';
}

void bootstrap();
