import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Clock } from './common/clock';
import { CommonModule } from './common/common.module';
import { CompanyModule } from './company/company.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CustomersModule } from './customers/customers.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { InvoicesModule } from './invoices/invoices.module';
import { MailModule } from './mail/mail.module';
import { REDACTED_PATHS, redactUrl, serializeError } from './common/log-redaction';
import { SlackModule } from './slack/slack.module';
import { PortalModule } from './portal/portal.module';
import { ReminderModule } from './reminders/reminder.module';

// Kept importable from here: what the logs never show.
export { REDACTED_PATHS, redactUrl } from './common/log-redaction';

export interface AppOverrides {
  /** "Now" for the whole app: tests set it to the day they play. */
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
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
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
              err: serializeError,
            },
            customProps: () => ({ service: 'factura-bot' }),
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
          },
        }),
        EventEmitterModule.forRoot(),
        ScheduleModule.forRoot(),
        DatabaseModule,
        CommonModule.forRoot(overrides.clock),
        HealthModule,
        CompanyModule,
        CustomersModule,
        InvoicesModule,
        MailModule,
        SlackModule,
        PortalModule,
        ReminderModule,
      ],
    };
  }
}
