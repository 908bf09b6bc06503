import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AppConfig } from '../config/app-config';
import { InvoiceSavedEvent } from '../invoices/invoice-saved.event';
import { DeliveryEvent } from '../mail/delivery.events';
import { ReminderRunFinishedEvent } from '../reminders/reminder-run.summary';
import { SlackOutbox } from './slack-outbox.service';

const QUIET = { async: true, promisify: true, suppressErrors: true } as const;

/**
 * What the rest of the app announces, turned into Slack posts when Slack is
 * on. Each handler only writes an outbox row and never throws into the
 * emitter: an invoice save or a send never waits for, or fails because of, Slack.
 */
@Injectable()
export class SlackNotificationsListener {
  private readonly logger = new Logger('Slack');

  constructor(
    private readonly outbox: SlackOutbox,
    private readonly config: AppConfig,
  ) {}

  @OnEvent(InvoiceSavedEvent.NAME, QUIET)
  onInvoiceSaved(event: InvoiceSavedEvent): Promise<void> {
    return this.safely('invoice_saved', () => this.outbox.invoiceSaved(event.invoiceId));
  }

  @OnEvent(ReminderRunFinishedEvent.NAME, QUIET)
  onReminderRunFinished(event: ReminderRunFinishedEvent): Promise<void> {
    return this.safely('reminder_summary', () => this.outbox.reminderRunFinished(event.summary));
  }

  @OnEvent(DeliveryEvent.SENT, QUIET)
  @OnEvent(DeliveryEvent.FAILED, QUIET)
  @OnEvent(DeliveryEvent.BOUNCED, QUIET)
  @OnEvent(DeliveryEvent.DELIVERED, QUIET)
  onDelivery(event: DeliveryEvent): Promise<void> {
    return this.safely('delivery', () => this.outbox.deliveryChanged(event.delivery));
  }

  private async safely(what: string, run: () => Promise<void>): Promise<void> {
    if (!this.config.slack.enabled) return;
    try {
      await run();
    } catch (err) {
      this.logger.error({ err, what }, 'could not queue a Slack post');
    }
  }
}
