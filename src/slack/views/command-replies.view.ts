import { messages } from '../../common/messages';
import type { DeliveryRecord } from '../../mail/delivery.record';
import { escapeMrkdwn, mention, truncate } from '../mrkdwn';
import type { InvoiceCard, InvoiceStatusReport } from '../send-dialog.service';
import { actions, Block, button, context, section } from './blocks';

/** A reply only the person who typed the command sees. */
export interface SlackReply {
  text: string;
  blocks?: Block[];
}

/** Opens the send dialog for an invoice: the same action from every message that offers it. */
export const OPEN_SEND_DIALOG = 'open_send_dialog';
/** Shows `/factura estado` for an invoice chosen among candidates. */
export const SHOW_INVOICE_STATUS = 'show_invoice_status';

/** What choosing a candidate does: the subcommand that asked for it. */
export type CandidatePurpose = 'send' | 'status';
const CANDIDATE_ACTION: Record<CandidatePurpose, string> = { send: OPEN_SEND_DIALOG, status: SHOW_INVOICE_STATUS };

const t = messages.slack;
const MAX_STATUS_LINES = 20;

export function usageReply(problem?: string): SlackReply {
  const text = problem ? `${problem}\n\n${t.usage}` : t.usage;
  return { text, blocks: [section(text)] };
}

export function invalidNumberReply(text: string): SlackReply {
  return usageReply(t.invalidNumber(escapeMrkdwn(truncate(text, 60))));
}

export function notFoundReply(number: string, closest: InvoiceCard[], purpose: CandidatePurpose): SlackReply {
  const text = t.notFound(escapeMrkdwn(number));
  const blocks: Block[] = [section(text)];
  if (closest.length) {
    blocks.push(context(t.closestMatches));
    for (const invoice of closest) blocks.push(candidateButton(invoice, purpose));
  } else {
    blocks.push(context(t.noCloseMatches));
  }
  return { text, blocks };
}

/** One button per candidate ("Factura A 0001-00000123 — Cliente — $ 54,33"); choosing one opens the dialog, or its status. */
export function candidatesReply(number: string, candidates: InvoiceCard[], purpose: CandidatePurpose): SlackReply {
  const text = (purpose === 'send' ? t.severalCandidates : t.severalCandidatesStatus)(escapeMrkdwn(number));
  return { text, blocks: [section(text), ...candidates.map((c) => candidateButton(c, purpose))] };
}

export function statusReply(report: InvoiceStatusReport, when: (d: Date) => string): SlackReply {
  const { invoice, deliveries } = report;
  const due = invoice.dueDate ? t.dueOn(invoice.dueDate) : t.noDueDate;
  const header = t.status.header(escapeMrkdwn(invoice.document), escapeMrkdwn(invoice.customer));
  const lines = deliveries.slice(0, MAX_STATUS_LINES).map((d) => deliveryLine(d, when));
  if (deliveries.length > MAX_STATUS_LINES) lines.push(t.status.more(deliveries.length - MAX_STATUS_LINES));
  const blocks: Block[] = [
    section(`${header}\n${t.status.balance(invoice.balance, due, t.invoiceStatus[invoice.status])}`),
    section(deliveries.length ? `${t.status.deliveriesTitle}\n${lines.join('\n')}` : t.status.none),
    actions(null, [button(t.status.sendAgain, OPEN_SEND_DIALOG, invoice.id, 'primary')]),
  ];
  return { text: `${header}: ${deliveries.length ? lines[0] : t.status.none}`, blocks };
}

/** "• 13-08-2020 10:15 — @ana → pagos@x.com — falló: SendGrid respondió 400" */
function deliveryLine(d: DeliveryRecord, when: (d: Date) => string): string {
  const status = messages.delivery.status[d.status];
  const reason = (d.status === 'failed' || d.status === 'bounced') && d.error ? t.status.reason(escapeMrkdwn(truncate(d.error, 300))) : '';
  return t.status.line(when(d.createdAt), requester(d.requestedBy), escapeMrkdwn(truncate(d.to.join(', '), 300)), `${status}${reason}`);
}

export function requester(requestedBy: string | null): string {
  if (requestedBy?.startsWith('slack:')) return mention(requestedBy.slice('slack:'.length));
  const names = t.status.requestedBy;
  return requestedBy === 'api' || requestedBy === 'auto' || requestedBy === 'reminder' ? names[requestedBy] : names.unknown;
}

function candidateButton(invoice: InvoiceCard, purpose: CandidatePurpose): Block {
  // Button texts are plain text: nothing to escape, only Slack's 75 characters.
  return actions(null, [button(t.candidateLabel(invoice.document, invoice.customer, invoice.total), CANDIDATE_ACTION[purpose], invoice.id)]);
}
