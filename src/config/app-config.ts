import { existsSync } from 'node:fs';

export interface SlackConfig {
  signingSecret: string | null;
  botToken: string | null;
  appToken: string | null;
  apiUrl: string;
  channelId: string | null;
  /** HTTP mode needs both credentials; Socket Mode also needs the app token. */
  enabled: boolean;
}

export interface SendgridConfig {
  apiKey: string | null;
  apiUrl: string;
  webhookPublicKey: string | null;
}

export interface MailConfig {
  /** The longest wait between two attempts of a delivery. */
  retryMaxDelayMs: number;
  /** A delivery still failing this long after it was queued fails for good. */
  retryGiveUpMs: number;
  /** Deliveries handed to the transport at the same time, per process. */
  concurrency: number;
}

export interface RemindersConfig {
  /** Cron expression in `timezone`. */
  cron: string;
  /** Days after the due date, ascending; a negative step is before it. */
  steps: number[];
  /** Only invoices owing at least this much (decimal text) get reminders. */
  minBalance: string;
}

/**
 * The validated configuration. Built once at boot from the environment by
 * loadConfig(); the only place that reads process.env is src/config/.
 */
export class AppConfig {
  readonly nodeEnv!: string;
  readonly production!: boolean;
  readonly port!: number;
  readonly databaseUrl!: string;
  readonly publicUrl!: string;
  /** Bearer token for /api/*; generated under var/ outside production when unset. */
  readonly apiToken!: string;
  readonly apiTokenSource!: 'env' | 'generated' | 'file';
  readonly slack!: SlackConfig;
  readonly sendgrid!: SendgridConfig;
  readonly mail!: MailConfig;
  readonly reminders!: RemindersConfig;
  /** Portal requests per minute per client address; 0: no limit. */
  readonly portalRateLimit!: number;
  /**
   * Express's `trust proxy`: which proxies may name the client address in
   * X-Forwarded-For (a hop count or addresses); false: the socket's address.
   */
  readonly trustProxy!: number | string | false;
  /** How long in-flight requests may take to finish on shutdown. */
  readonly shutdownGraceMs!: number;
  readonly mailFromAddress!: string;
  readonly outboxDir!: string;
  readonly chromiumPath!: string;
  readonly timezone!: string;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  readonly logLevel!: string;
  /** Where generated local state lives (SQLite file, token, outbox). */
  readonly varDir!: string;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

/**
 * The headless shell first: the same Chromium release built for automation
 * only (no browser UI), it prints the invoice faster than the full browser,
 * with the same fonts and text (README, "The invoice PDF"). The full browser
 * stays the fallback; CHROMIUM_PATH overrides both.
 */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export function findChromium(candidates: readonly string[] = CHROMIUM_CANDIDATES): string {
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}
