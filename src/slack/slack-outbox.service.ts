import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import type { DeliveryRecord } from '../mail/delivery.record';
import type { ReminderRunSummary } from '../reminders/reminder-run.summary';
import type { DialogValues, RefusedSend } from './send-dialog.service';
import { SlackPostWorker } from './slack-post.worker';
import { SlackPostsRepository } from './slack-posts.repository';
import { isWorthPosting } from './views/reminder-summary.view';

/** Who to tell about a delivery, and where. */
export interface OutcomePayload {
  deliveryId: string;
  userId: string;
}

export interface PdfUploadPayload {
  invoiceId: string;
  /** Whose DM takes the file when the conversation refuses it. */
  userId?: string;
  threadTs?: string;
}

/**
 * Everything the bot owes Slack outside a request's own answer goes through
 * here: a row in the outbox (unique per purpose and subject, so an event
 * heard twice or by two replicas posts once), then the worker posts it. Slack
 * being down or rate-limiting never blocks or fails the caller.
 */
@Injectable()
export class SlackOutbox {
  constructor(
    private readonly posts: SlackPostsRepository,
    private readonly worker: SlackPostWorker,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The saved-invoice post, when SLACK_CHANNEL_ID names a channel. */
  async invoiceSaved(invoiceId: string): Promise<void> {
    const channel = this.config.slack.channelId;
    if (!channel) return;
    await this.add({ purpose: 'invoice_saved', subjectId: invoiceId, channel });
  }

  /** A reminders run's summary; a run with nothing to tell posts nothing. */
  async reminderRunFinished(summary: ReminderRunSummary): Promise<void> {
    const channel = this.config.slack.channelId;
    if (!channel || !isWorthPosting(summary)) return;
    await this.add({ purpose: 'reminder_summary', subjectId: summary.runId, channel, payload: summary });
  }

  /**
   * A delivery changed: the invoice's post shows it; the person who asked
   * in Slack hears about a send, a bounce or a failure, with the PDF after a send.
   */
  async deliveryChanged(delivery: DeliveryRecord): Promise<void> {
    if (await this.posts.markStale('invoice_saved', delivery.invoiceId)) this.worker.kick();
    const userId = delivery.origin?.slackUserId;
    if (!userId || delivery.status === 'queued' || delivery.status === 'delivered') return;
    const channel = delivery.origin?.slackChannelId ?? userId;
    const outcome: OutcomePayload = { deliveryId: delivery.id, userId };
    await this.add({ purpose: 'delivery_outcome', subjectId: `${delivery.id}:${delivery.status}`, channel, payload: outcome });
    if (delivery.status === 'sent') {
      const pdf: PdfUploadPayload = { invoiceId: delivery.invoiceId, userId };
      await this.add({ purpose: 'pdf_upload', subjectId: `delivery:${delivery.id}`, channel, payload: pdf });
    }
  }

  /** A submitted dialog whose send was refused after the modal closed: tell why, keep what was typed for "Reintentar". */
  async sendRefused(viewId: string, where: { userId: string; channelId: string | null }, invoiceId: string, reason: string, values: DialogValues): Promise<void> {
    const payload: RefusedSend = { userId: where.userId, invoiceId, reason, values };
    await this.add({ purpose: 'send_refused', subjectId: viewId, channel: where.channelId ?? where.userId, payload });
  }

  /** "Descargar PDF": the file into the conversation (under the post), once per click. */
  async pdfRequested(clickId: string, channel: string, payload: PdfUploadPayload): Promise<void> {
    await this.add({ purpose: 'pdf_upload', subjectId: `click:${clickId}`, channel, payload });
  }

  private async add(post: Parameters<SlackPostsRepository['enqueue']>[0]): Promise<void> {
    const { created } = await this.posts.enqueue(post, this.clock.now());
    if (created) this.worker.kick();
  }
}
