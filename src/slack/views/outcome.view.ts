import { messages } from '../../common/messages';
import type { DeliveryRecord } from '../../mail/delivery.record';
import { escapeMrkdwn, truncate } from '../mrkdwn';
import type { InvoiceCard } from '../send-dialog.service';
import { actions, Block, button, section } from './blocks';
import type { SlackReply } from './command-replies.view';

/** Reopens the send dialog with what was sent or typed (value `delivery:<id>` or `refused:<post id>`). */
export const REOPEN_SEND_DIALOG = 'reopen_send_dialog';

const t = messages.slack.outcome;

/** What the requester hears once a send they asked for went out, bounced or failed. */
export function deliveryOutcomeReply(invoice: InvoiceCard, d: DeliveryRecord): SlackReply {
  const doc = escapeMrkdwn(invoice.document);
  const to = escapeMrkdwn(truncate(d.to.join(', '), 500));
  const reason = escapeMrkdwn(truncate(d.error ?? '', 1000));
  switch (d.status) {
    case 'failed':
      return withButton(t.failed(doc, to, reason), t.retry, `delivery:${d.id}`);
    case 'bounced':
      return withButton(t.bounced(doc, reason), t.fixAndResend, `delivery:${d.id}`);
    default: {
      const copy = d.bcc.length ? t.copyTo(escapeMrkdwn(d.bcc.join(', '))) : t.noCopy;
      const text = `${t.sent(doc, escapeMrkdwn(invoice.customer), to)} ${copy}`;
      return { text, blocks: [section(text)] };
    }
  }
}

/** A send refused before it was queued (the PDF could not be made…): why, and a retry with what was typed. */
export function refusedReply(invoice: InvoiceCard | null, reason: string, postId: string): SlackReply {
  const text = t.notQueued(invoice ? escapeMrkdwn(invoice.document) : '', escapeMrkdwn(truncate(reason, 1000)));
  return withButton(text, t.retry, `refused:${postId}`);
}

function withButton(text: string, label: string, value: string): SlackReply {
  const blocks: Block[] = [section(text), actions(null, [button(label, REOPEN_SEND_DIALOG, value, 'primary')])];
  return { text, blocks };
}
