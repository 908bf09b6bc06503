import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CommonModule } from './common/common.module';
import { redactPortalTokens } from './common/log-redaction';
import { CompanyModule } from './company/company.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CustomersModule } from './customers/customers.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { InvoicesModule } from './invoices/invoices.module';
import { MailModule } from './mail/mail.module';
import { SlackModule } from './slack/slack.module';
import { PortalModule } from './portal/portal.module';

/** Header values and URL parts that must never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'req.headers["x-twilio-email-event-webhook-signature"]',
  'res.headers["set-cookie"]',
  // An HTTP client error logged as `err` carries its request's headers.
  'err.config.headers.Authorization',
  'err.config.headers.authorization',
  'err.request.headers.authorization',
];

export function redactUrl(url: string): string {
  return redactPortalTokens(url);
}

/** A serialized value with every portal token in its text replaced. */
function redactDeep<T>(value: T): T {
  try {
    return JSON.parse(redactPortalTokens(JSON.stringify(value)));
  } catch {
    return value;
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            genReqId: (req: IncomingMessage) => {
              const given = req.headers['x-request-id'];
              return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
            },
            serializers: {
              // An error message or stack may quote a request path.
              err: (err: Error) => redactDeep(stdSerializers.err(err)),
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
            },
            customProps: () => ({ service: 'factura-bot' }),
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
          },
        }),
        EventEmitterModule.forRoot(),
        DatabaseModule,
        CommonModule,
        HealthModule,
        CompanyModule,
        CustomersModule,
        InvoicesModule,
        MailModule,
        SlackModule,
        PortalModule,
      ],
    };
  }
}
