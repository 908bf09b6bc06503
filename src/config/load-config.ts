import { randomBytes } from 'node:crypto';
import { CronTime } from 'cron';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { AppConfig, findChromium } from './app-config';
import { validateEnvironment } from './environment';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * The settings: the `.env` file of the working directory when there is one,
 * under the real environment, which wins variable by variable (as with
 * dotenv and `node --env-file`). process.env itself is left as it is.
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, file = resolve('.env')): NodeJS.ProcessEnv {
  if (!existsSync(file)) return env;
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${file}: cannot be read (${(err as Error).message})`]);
  }
  return { ...parseEnv(content), ...env };
}

/**
 * Reads and validates the environment once. Throws ConfigError listing every
 * problem at once, so an operator fixes them in one go.
 */
export function loadConfig(raw: NodeJS.ProcessEnv = readEnvironment()): AppConfig {
  const { env, problems } = validateEnvironment(raw);
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const port = env.PORT ?? 3000;
  const varDir = resolve('var');

  if (production && !env.API_TOKEN) problems.push('API_TOKEN: required when NODE_ENV=production');
  if (env.SENDGRID_API_KEY && !env.MAIL_FROM_ADDRESS) {
    problems.push('MAIL_FROM_ADDRESS: required when SENDGRID_API_KEY is set (the verified sender)');
  }
  const slackPartial = Boolean(env.SLACK_SIGNING_SECRET) !== Boolean(env.SLACK_BOT_TOKEN);
  if (slackPartial) problems.push('SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN: set both to turn Slack on, or neither');
  const timezone = env.APP_TIMEZONE ?? 'America/Argentina/Buenos_Aires';
  if (!isValidTimeZone(timezone)) problems.push(`APP_TIMEZONE: unknown time zone "${timezone}"`);
  const remindersCron = env.REMINDERS_CRON ?? '0 9 * * 1-5';
  if (!isValidCron(remindersCron, timezone)) problems.push(`REMINDERS_CRON: not a cron expression: "${remindersCron}"`);
  const steps = reminderSteps(env.REMINDER_DAYS ?? '1,7,15,30', env.REMINDER_BEFORE_DAYS);
  if (steps.length === 0) problems.push('REMINDER_DAYS: give at least one day, e.g. 1,7,15,30');
  if (problems.length) throw new ConfigError(problems);

  const token = env.API_TOKEN ? { value: env.API_TOKEN, source: 'env' as const } : localApiToken(varDir);
  const outboxDir = env.OUTBOX_DIR ?? 'var/outbox';

  return new AppConfig({
    nodeEnv,
    production,
    port,
    databaseUrl: env.DATABASE_URL ?? 'file:./var/factura.db',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    apiToken: token.value,
    apiTokenSource: token.source,
    slack: {
      signingSecret: env.SLACK_SIGNING_SECRET ?? null,
      botToken: env.SLACK_BOT_TOKEN ?? null,
      appToken: env.SLACK_APP_TOKEN ?? null,
      apiUrl: withTrailingSlash(env.SLACK_API_URL ?? 'https://slack.com/api/'),
      channelId: env.SLACK_CHANNEL_ID ?? null,
      enabled: Boolean(env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN),
    },
    sendgrid: {
      apiKey: env.SENDGRID_API_KEY ?? null,
      apiUrl: (env.SENDGRID_API_URL ?? 'https://api.sendgrid.com').replace(/\/+$/, ''),
      webhookPublicKey: env.SENDGRID_WEBHOOK_PUBLIC_KEY ?? null,
    },
    mail: {
      retryMaxDelayMs: Number(env.MAIL_RETRY_MAX_DELAY_SECONDS ?? 3600) * 1000,
      retryGiveUpMs: Number(env.MAIL_RETRY_GIVE_UP_SECONDS ?? 86_400) * 1000,
      concurrency: Number(env.MAIL_CONCURRENCY ?? 4),
    },
    reminders: { cron: remindersCron, steps, minBalance: env.REMINDER_MIN_BALANCE ?? '0' },
    portalRateLimit: Number(env.PORTAL_RATE_LIMIT ?? 120),
    trustProxy: env.TRUST_PROXY === undefined ? false : /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY,
    shutdownGraceMs: Number(env.SHUTDOWN_GRACE_SECONDS ?? 10) * 1000,
    mailFromAddress: env.MAIL_FROM_ADDRESS ?? 'factura-bot@localhost',
    outboxDir: isAbsolute(outboxDir) ? outboxDir : resolve(outboxDir),
    chromiumPath: env.CHROMIUM_PATH ?? findChromium(),
    timezone,
    logLevel: env.LOG_LEVEL ?? 'info',
    varDir,
  });
}

/** The environment, with `defaults` for what it leaves unset (command-line tools use quieter logs). */
export function loadConfigWithDefaults(defaults: Record<string, string>): AppConfig {
  return loadConfig({ ...defaults, ...readEnvironment() });
}

/** Outside production an unset API_TOKEN is generated once and kept under var/. */
function localApiToken(varDir: string): { value: string; source: 'generated' | 'file' } {
  const file = join(varDir, 'api-token');
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), source: 'file' };
  mkdirSync(varDir, { recursive: true });
  const value = randomBytes(24).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, source: 'generated' };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Steps in days after the due date, ascending and unique, with the optional one before it. */
function reminderSteps(days: string, before: string | undefined): number[] {
  const after = days.split(',').map((d) => Number(d.trim())).filter((d) => d > 0);
  const all = before !== undefined && Number(before) > 0 ? [-Number(before), ...after] : after;
  return [...new Set(all)].sort((a, b) => a - b);
}

function isValidCron(expression: string, timezone: string): boolean {
  try {
    new CronTime(expression, timezone);
    return true;
  } catch {
    return false;
  }
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
