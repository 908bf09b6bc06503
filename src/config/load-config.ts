import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AppConfig, findChromium } from './app-config';
import { validateEnvironment } from './environment';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads and validates the environment once. Throws ConfigError listing every
 * problem at once, so an operator fixes them in one go.
 */
export function loadConfig(raw: NodeJS.ProcessEnv = process.env): AppConfig {
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
  return loadConfig({ ...defaults, ...process.env });
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

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
