import { Module } from '@nestjs/common';
import { CompanyModule } from '../company/company.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { MailModule } from '../mail/mail.module';
import { SendDialogService } from './send-dialog.service';
import { SlackBoltApp } from './slack-bolt.app';
import { SlackEventsController } from './slack-events.controller';
import { SlackHttpReceiver } from './slack-http.receiver';
import { SlackNotificationsListener } from './slack-notifications.listener';
import { SlackOutbox } from './slack-outbox.service';
import { SlackPostPublisher } from './slack-post.publisher';
import { SlackPostWorker } from './slack-post.worker';
import { SlackPostsRepository } from './slack-posts.repository';
import { SlackListeners } from './slack.listeners';
import { SlackWebClient } from './slack-web.client';

/**
 * The Slack bot: `/factura`, the send dialog as a modal, the saved-invoice
 * and reminder posts, and telling requesters how their sends went. A thin
 * edge over InvoicesService and SendInvoiceService.
 */
@Module({
  imports: [InvoicesModule, MailModule, CompanyModule],
  controllers: [SlackEventsController],
  providers: [
    SendDialogService,
    SlackBoltApp,
    SlackHttpReceiver,
    SlackListeners,
    SlackNotificationsListener,
    SlackOutbox,
    SlackPostPublisher,
    SlackPostWorker,
    SlackPostsRepository,
    SlackWebClient,
  ],
  exports: [SlackBoltApp],
})
export class SlackModule {}
