import { plainToInstance } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { Type } from 'class-transformer';

const PROXY_ADDRESS = String.raw`(?:loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(?:\/\d{1,3})?)`;
/** A hop count, or a comma-separated list of proxy addresses, subnets and Express's names for ranges. */
const TRUST_PROXY_PATTERN = new RegExp(String.raw`^(?:\d{1,2}|${PROXY_ADDRESS}(?:\s*,\s*${PROXY_ADDRESS})*)$`);

/** The environment variables of DESIGN.md, as class-validator checks them. */
export class Environment {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @Matches(/^(file:.+|postgres(ql)?:\/\/.+)$/, { message: 'DATABASE_URL must be file:… (SQLite) or postgresql://…' })
  DATABASE_URL?: string;

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional() @IsString() @MinLength(16, { message: 'API_TOKEN must be at least 16 characters' })
  API_TOKEN?: string;

  @IsOptional() @IsString() SLACK_SIGNING_SECRET?: string;
  @IsOptional() @IsString() SLACK_BOT_TOKEN?: string;
  @IsOptional() @IsString() SLACK_APP_TOKEN?: string;
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }, { message: 'SLACK_API_URL must be a URL' })
  SLACK_API_URL?: string;
  @IsOptional() @IsString() SLACK_CHANNEL_ID?: string;

  @IsOptional() @IsString() SENDGRID_API_KEY?: string;
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }, { message: 'SENDGRID_API_URL must be a URL' })
  SENDGRID_API_URL?: string;
  @IsOptional() @IsEmail({}, { message: 'MAIL_FROM_ADDRESS must be an e-mail address' })
  MAIL_FROM_ADDRESS?: string;
  @IsOptional() @IsString() SENDGRID_WEBHOOK_PUBLIC_KEY?: string;

  @IsOptional() @Matches(/^\d{1,7}$/, { message: 'MAIL_RETRY_MAX_DELAY_SECONDS must be a whole number of seconds' })
  MAIL_RETRY_MAX_DELAY_SECONDS?: string;
  @IsOptional() @Matches(/^\d{1,7}$/, { message: 'MAIL_RETRY_GIVE_UP_SECONDS must be a whole number of seconds' })
  MAIL_RETRY_GIVE_UP_SECONDS?: string;
  @IsOptional() @Matches(/^([1-9]|[1-5]\d|6[0-4])$/, { message: 'MAIL_CONCURRENCY must be between 1 and 64' })
  MAIL_CONCURRENCY?: string;

  @IsOptional() @IsString() REMINDERS_CRON?: string;
  @IsOptional() @Matches(/^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/, { message: 'REMINDER_DAYS must be days after the due date, e.g. 1,7,15,30' })
  REMINDER_DAYS?: string;
  @IsOptional() @Matches(/^\d{1,3}$/, { message: 'REMINDER_BEFORE_DAYS must be a number of days before the due date' })
  REMINDER_BEFORE_DAYS?: string;
  @IsOptional() @Matches(/^\d{1,15}(\.\d{1,2})?$/, { message: 'REMINDER_MIN_BALANCE must be an amount such as 100 or 99.50' })
  REMINDER_MIN_BALANCE?: string;

  @IsOptional() @Matches(/^\d{1,5}$/, { message: 'PORTAL_RATE_LIMIT must be a number of requests per minute (0: no limit)' })
  PORTAL_RATE_LIMIT?: string;
  @IsOptional() @Matches(TRUST_PROXY_PATTERN, {
    message: 'TRUST_PROXY must be the number of proxies in front (e.g. 1) or their addresses/subnets (e.g. loopback, 10.0.0.0/8)',
  })
  TRUST_PROXY?: string;
  @IsOptional() @Matches(/^\d{1,3}$/, { message: 'SHUTDOWN_GRACE_SECONDS must be a whole number of seconds' })
  SHUTDOWN_GRACE_SECONDS?: string;

  @IsOptional() @IsString() OUTBOX_DIR?: string;
  @IsOptional() @IsString() CHROMIUM_PATH?: string;
  @IsOptional() @IsString() APP_TIMEZONE?: string;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;
}

/** Every problem with the environment, one line each; empty when valid. */
export function validateEnvironment(raw: NodeJS.ProcessEnv): { env: Environment; problems: string[] } {
  // Empty strings count as unset, as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(Environment, cleaned, { enableImplicitConversion: false });
  const problems = validateSync(env, { skipMissingProperties: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`),
  );
  return { env, problems };
}
