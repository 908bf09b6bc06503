import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CompanyModule } from '../company/company.module';
import { CustomersModule } from '../customers/customers.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { PdfModule } from '../pdf/pdf.module';
import { TemplatesModule } from '../templates/templates.module';
import { AutoSendListener } from './auto-send.listener';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryDispatcher } from './delivery-dispatcher.service';
import { mailTransportProvider } from './mail-transport.provider';
import { SendController } from './send.controller';
import { SendInvoiceService } from './send-invoice.service';
import { SendgridWebhookController } from './sendgrid-webhook.controller';
import { SendgridWebhookVerifier } from './sendgrid-webhook.verifier';

@Module({
  imports: [InvoicesModule, CompanyModule, CustomersModule, PdfModule, TemplatesModule],
  controllers: [SendController, SendgridWebhookController],
  providers: [
    AutoSendListener,
    DeliveriesRepository,
    DeliveryDispatcher,
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
