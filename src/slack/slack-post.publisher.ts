import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { messages } from '../common/messages';
import { CompanyService } from '../company/company.service';
import { AppConfig } from '../config/app-config';
import { InvoicesService } from '../invoices/invoices.service';
import { SendInvoiceService } from '../mail/send-invoice.service';
import type { ReminderRunSummary } from '../reminders/reminder-run.summary';
import { card, RefusedSend } from './send-dialog.service';
import type { OutcomePayload, PdfUploadPayload } from './slack-outbox.service';
import type { SlackPostRecord } from './slack-posts.repository';
import { SlackCallError, SlackWebClient } from './slack-web.client';
import type { SlackReply } from './views/command-replies.view';
import { invoicePost } from './views/invoice-post.view';
import { deliveryOutcomeReply, refusedReply } from './views/outcome.view';
import { reminderSummaryPost } from './views/reminder-summary.view';

/** Slack's answers that mean "this conversation will not take it": fall back to the person's DM. */
const NOT_HERE = new Set(['channel_not_found', 'not_in_channel', 'user_not_in_channel', 'is_archived', 'restricted_action', 'cannot_dm_bot', 'not_allowed_token_type']);

/**
 * Turns one outbox row into Slack calls, reading what to show from the
 * database at that moment (so an update always shows the latest state).
 * Throws SlackCallError for the worker to retry or give up.
 */
@Injectable()
export class SlackPostPublisher {
  constructor(
    private readonly slack: SlackWebClient,
    private readonly invoices: InvoicesService,
    private readonly sender: SendInvoiceService,
    private readonly company: CompanyService,
    private readonly config: AppConfig,
  ) {}

  /** Returns the message's ts when there is one to update later. */
  async publish(post: SlackPostRecord): Promise<{ ts: string | null }> {
    switch (post.purpose) {
      case 'invoice_saved':
        return this.invoicePost(post);
      case 'reminder_summary': {
        const reply = reminderSummaryPost(payload<ReminderRunSummary>(post));
        return { ts: (await this.slack.postMessage({ channel: post.channel, ...reply })).ts };
      }
      case 'delivery_outcome': {
        const { deliveryId, userId } = payload<OutcomePayload>(post);
        const delivery = await this.sender.deliveryById(deliveryId);
        if (!delivery) throw new SlackCallError('delivery_gone', false);
        await this.tellPerson(post.channel, userId, deliveryOutcomeReply(card(await this.invoices.get(delivery.invoiceId)), delivery));
        return { ts: null };
      }
      case 'send_refused': {
        const refused = payload<RefusedSend>(post);
        const invoice = await this.invoices.get(refused.invoiceId).then(card, () => null);
        await this.tellPerson(post.channel, refused.userId, refusedReply(invoice, refused.reason, post.id));
        return { ts: null };
      }
      case 'pdf_upload':
        await this.uploadPdf(post.channel, payload<PdfUploadPayload>(post));
        return { ts: null };
    }
  }

  private async invoicePost(post: SlackPostRecord): Promise<{ ts: string | null }> {
    const [invoice, deliveries, company] = await Promise.all([
      this.invoices.get(post.subjectId),
      this.sender.listDeliveries(post.subjectId),
      this.company.find(),
    ]);
    const reply = invoicePost({ invoice: card(invoice), latest: deliveries.at(-1) ?? null, autoSendOnSave: Boolean(company?.autoSendOnSave) }, (d) => this.when(d));
    if (post.ts) {
      await this.slack.updateMessage(post.channel, post.ts, reply.text, reply.blocks ?? []);
      return { ts: post.ts };
    }
    return { ts: (await this.slack.postMessage({ channel: post.channel, ...reply })).ts };
  }

  /** Ephemeral where they asked; their DM with the bot when that conversation will not take it. */
  private async tellPerson(channel: string, userId: string, reply: SlackReply): Promise<void> {
    if (channel !== userId) {
      try {
        await this.slack.postEphemeral({ channel, user: userId, ...reply });
        return;
      } catch (err) {
        if (!(err instanceof SlackCallError && NOT_HERE.has(err.code))) throw err;
      }
    }
    await this.slack.postMessage({ channel: userId, ...reply });
  }

  private async uploadPdf(channel: string, p: PdfUploadPayload): Promise<void> {
    const [invoice, pdf] = await Promise.all([this.invoices.get(p.invoiceId), this.invoices.pdf(p.invoiceId)]);
    const document = card(invoice).document;
    const file = { bytes: pdf.bytes, fileName: pdf.fileName, title: pdf.fileName, comment: messages.slack.post.pdfComment(document) };
    try {
      await this.slack.uploadFile({ ...file, channel, threadTs: p.threadTs });
    } catch (err) {
      if (!(p.userId && err instanceof SlackCallError && NOT_HERE.has(err.code))) throw err;
      await this.slack.uploadFile({ ...file, channel: await this.slack.openDm(p.userId) });
    }
  }

  private when(date: Date): string {
    return DateTime.fromJSDate(date, { zone: this.config.timezone }).toFormat('dd-MM-yyyy HH:mm');
  }
}

function payload<T>(post: SlackPostRecord): T {
  if (!post.payload) throw new SlackCallError('post_without_payload', false);
  return JSON.parse(post.payload) as T;
}
