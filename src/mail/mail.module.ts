import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CompanyModule } from '../company/company.module';
import { CustomersModule } from '../customers/customers.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { TemplatesModule } from '../templates/templates.module';
import { AutoSendListener } from './auto-send.listener';
import { CustomerTemplatesRepository } from './customer-templates.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryDispatcher } from './delivery-dispatcher.service';
import { DeliveryEventsService } from './delivery-events.service';
import { mailTransportProvider } from './mail-transport.provider';
import { SendController } from './send.controller';
import { SendDefaultsRepository } from './send-defaults.repository';
import { SendInvoiceService } from './send-invoice.service';
import { SendgridWebhookController } from './sendgrid-webhook.controller';
import { SendgridWebhookVerifier } from './sendgrid-webhook.verifier';

@Module({
  imports: [InvoicesModule, CompanyModule, CustomersModule, TemplatesModule],
  controllers: [SendController, SendgridWebhookController],
  providers: [
    AutoSendListener,
    CustomerTemplatesRepository,
    DeliveriesRepository,
    DeliveryDispatcher,
    DeliveryEventsService,
    SendDefaultsRepository,
    SendInvoiceService,
    mailTransportProvider,
    {
      provide: SendgridWebhookVerifier,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new SendgridWebhookVerifier(config.sendgrid.webhookPublicKey),
    },
  ],
  exports: [SendInvoiceService],
})
export class MailModule {}
