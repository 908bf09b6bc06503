import { messages } from '../../common/messages';
import type { DeliveryRecord } from '../../mail/delivery.record';
import { escapeMrkdwn, truncate } from '../mrkdwn';
import type { InvoiceCard } from '../send-dialog.service';
import { actions, Block, button, context, fields, section } from './blocks';
import { OPEN_SEND_DIALOG, SlackReply } from './command-replies.view';

export const DOWNLOAD_PDF = 'download_pdf';

/** What the saved-invoice post shows; rebuilt from the database each time it is posted or updated. */
export interface InvoicePostState {
  invoice: InvoiceCard;
  /** The invoice's newest delivery, if any. */
  latest: DeliveryRecord | null;
  autoSendOnSave: boolean;
}

const t = messages.slack.post;

/**
 * The channel message for a saved invoice: document, number, customer,
 * total, due date, where sending stands, and the two buttons.
 */
export function invoicePost(state: InvoicePostState, when: (d: Date) => string): SlackReply {
  const { invoice } = state;
  const title = t.saved(escapeMrkdwn(invoice.document), escapeMrkdwn(invoice.customer));
  const blocks: Block[] = [
    section(title),
    fields([
      [t.total, invoice.total],
      [t.due, invoice.dueDate ?? messages.slack.noDueDate],
      [t.status, messages.slack.invoiceStatus[invoice.status]],
    ]),
    context(sendingLine(state, when)),
    actions(null, [button(t.sendByEmail, OPEN_SEND_DIALOG, invoice.id, 'primary'), button(t.downloadPdf, DOWNLOAD_PDF, invoice.id)]),
  ];
  return { text: `${title} — ${invoice.total}`, blocks };
}

function sendingLine({ invoice, latest, autoSendOnSave }: InvoicePostState, when: (d: Date) => string): string {
  if (!latest) return autoSendOnSave && !invoice.customerHasEmail ? t.autoSendWithoutEmail : t.notSent;
  const to = escapeMrkdwn(truncate(latest.to.join(', '), 300));
  const reason = escapeMrkdwn(truncate(latest.error ?? '', 500));
  switch (latest.status) {
    case 'queued':
      return t.queued(to);
    case 'sent':
      return t.sent(to, when(latest.sentAt ?? latest.updatedAt));
    case 'delivered':
      return t.delivered(to, when(latest.updatedAt));
    case 'bounced':
      return t.bounced(reason);
    case 'failed':
      return t.failed(to, reason);
  }
}
