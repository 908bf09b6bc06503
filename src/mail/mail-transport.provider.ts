import { Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MailTransport } from './mail.transport';
import { OutboxTransport } from './outbox.transport';
import { SendgridTransport } from './sendgrid.transport';

/** SendGrid when a key is configured; otherwise the local .eml outbox. */
export const mailTransportProvider: Provider = {
  provide: MailTransport,
  inject: [AppConfig],
  useFactory: (config: AppConfig): MailTransport =>
    config.sendgrid.apiKey
      ? new SendgridTransport({ apiKey: config.sendgrid.apiKey, apiUrl: config.sendgrid.apiUrl, timeoutMs: 10_000 })
      : new OutboxTransport({ dir: config.outboxDir }),
};
