import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { formatDateAr, formatMoneyAr } from '../common/format';
import { messages } from '../common/messages';
import { parseRecipientList } from '../common/recipient-list.parser';
import { parseInvoiceNumber } from '../invoices/invoice-number.parser';
import { InvoicesService, InvoiceView } from '../invoices/invoices.service';
import type { DeliveryRecord } from '../mail/delivery.record';
import { SendInvoiceService } from '../mail/send-invoice.service';
import type { SendDefaults, SendRequest } from '../mail/send-request';
import { idempotencyKeys } from '../mail/idempotency-key';
import { SlackPostsRepository } from './slack-posts.repository';
import { SlackWebClient } from './slack-web.client';

/** An invoice as Slack shows it: texts already formatted (es-AR), not yet escaped. */
export interface InvoiceCard {
  id: string;
  /** "Factura B 0001-00000123" */
  document: string;
  customer: string;
  total: string;
  balance: string;
  /** dd-mm-yyyy, or null when it has none. */
  dueDate: string | null;
  status: InvoiceView['status'];
  customerHasEmail: boolean;
}

/** The send dialog's fields, as the modal holds them. */
export interface DialogValues {
  fromName: string;
  to: string;
  template: 'original' | 'last_used';
  subject: string;
  message: string;
  copyMe: boolean;
}

export interface SendDialog {
  invoice: InvoiceCard;
  replyTo: string;
  hasLastUsed: boolean;
  values: DialogValues;
  drafts: SendDefaults['drafts'];
}

export type Lookup<T> =
  | { kind: 'invalid'; text: string }
  | { kind: 'not_found'; number: string; closest: InvoiceCard[] }
  | { kind: 'several'; number: string; candidates: InvoiceCard[] }
  | ({ kind: 'found' } & T);

export interface InvoiceStatusReport {
  invoice: InvoiceCard;
  /** Newest first. */
  deliveries: DeliveryRecord[];
}

/** What a submitted modal asks for, read from its state, and who asked from where. */
export interface DialogSubmission {
  invoiceId: string;
  viewId: string;
  userId: string;
  channelId: string | null;
  values: { fromName: string | null; to: string | null; template: 'original' | 'last_used' | null; subject: string | null; message: string | null; copyMe: boolean };
}

/** A retry of a send that never got queued: what the person had typed, kept in the outbox row that told them. */
export interface RefusedSend {
  userId: string;
  invoiceId: string;
  reason: string;
  values: DialogValues;
}

/**
 * What the Slack edge asks of the product: find an invoice by what a person
 * typed, the dialog for it (defaults, or what was sent or typed before),
 * check and send a submission. Every rule stays in InvoicesService and
 * SendInvoiceService; this only shapes their answers for Slack.
 */
@Injectable()
export class SendDialogService {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly sender: SendInvoiceService,
    private readonly posts: SlackPostsRepository,
    private readonly slack: SlackWebClient,
  ) {}

  /** `/factura enviar <número>`: the dialog when the number names one invoice. Database reads only. */
  async dialogForNumber(text: string): Promise<Lookup<{ dialog: SendDialog }>> {
    const found = await this.lookup(text);
    if (found.kind !== 'found') return found;
    return { kind: 'found', dialog: await this.dialog(found.invoice.id, undefined, found.invoice) };
  }

  /** `/factura estado <número>`: its deliveries (newest first), balance and due date. */
  async statusForNumber(text: string): Promise<Lookup<InvoiceStatusReport>> {
    const found = await this.lookup(text);
    if (found.kind !== 'found') return found;
    return { kind: 'found', ...(await this.status(found.invoice.id, found.invoice)) };
  }

  /** The same report for an invoice chosen among candidates. */
  async status(invoiceId: string, known?: InvoiceCard): Promise<InvoiceStatusReport> {
    const [invoice, deliveries] = await Promise.all([known ?? this.invoices.get(invoiceId).then(card), this.sender.listDeliveries(invoiceId)]);
    return { invoice, deliveries: [...deliveries].reverse() };
  }

  /** The dialog with its defaults (the customer's addresses, the last used template when there is one), or with `values`. */
  async dialog(invoiceId: string, values?: DialogValues, known?: InvoiceCard): Promise<SendDialog> {
    const [defaults, invoice] = await Promise.all([this.sender.defaults(invoiceId), known ?? this.invoices.get(invoiceId).then(card)]);
    const initial: DialogValues = {
      fromName: defaults.fromName,
      to: customerAddresses(defaults.to),
      template: defaults.template,
      subject: defaults.subject,
      message: defaults.message,
      copyMe: false,
    };
    return { invoice, replyTo: defaults.replyTo, hasLastUsed: defaults.hasLastUsed, values: values ?? initial, drafts: defaults.drafts };
  }

  /** The modal's Plantilla radio: that template's subject and message; the other fields as `keep` reads them from the view. */
  async withTemplate(invoiceId: string, template: 'original' | 'last_used', keep: (defaults: DialogValues) => DialogValues): Promise<SendDialog> {
    const dialog = await this.dialog(invoiceId);
    const draft = dialog.drafts[template] ?? dialog.drafts.original;
    const chosen = dialog.drafts[template] ? template : 'original';
    return { ...dialog, values: { ...keep(dialog.values), template: chosen, subject: draft.subject, message: draft.message } };
  }

  /**
   * "Reintentar" / "Corregir y reenviar": the dialog with what was sent
   * (`delivery:<id>`) or typed in a send that was refused (`refused:<post id>`).
   */
  async dialogToRetry(token: string): Promise<SendDialog> {
    const [kind, id] = splitToken(token);
    if (kind === 'delivery') {
      const delivery = await this.sender.deliveryById(id);
      if (!delivery) throw AppError.notFound('delivery_not_found', messages.slack.invoiceGone);
      return this.dialog(delivery.invoiceId, {
        fromName: delivery.fromName,
        to: delivery.to.join(', '),
        template: delivery.template === 'last_used' ? 'last_used' : 'original',
        subject: delivery.subject,
        message: delivery.message,
        copyMe: delivery.bcc.length > 0,
      });
    }
    const post = kind === 'refused' ? await this.posts.findById(id) : null;
    if (!post?.payload) throw AppError.notFound('draft_not_found', messages.slack.invoiceGone);
    const refused = JSON.parse(post.payload) as RefusedSend;
    return this.dialog(refused.invoiceId, refused.values);
  }

  /**
   * Every check of the send use case, inside Slack's 3 seconds, plus the
   * requester's e-mail for the copy. Throws AppError naming the modal block.
   */
  async check(submission: DialogSubmission): Promise<SendRequest> {
    const request = await this.toRequest(submission);
    await this.sender.validate(request);
    return request;
  }

  /** Queues the send once per modal (the view id is the idempotency key); the outcome reaches Slack through delivery events. */
  send(request: SendRequest): Promise<{ delivery: DeliveryRecord; created: boolean }> {
    return this.sender.send(request);
  }

  private async toRequest(s: DialogSubmission): Promise<SendRequest> {
    let copyTo: string | null = null;
    if (s.values.copyMe) {
      copyTo = await this.slack.userEmail(s.userId).catch(() => null);
      if (!copyTo) throw AppError.unprocessable('requester_without_email', messages.slack.modal.noSlackEmail, 'copy_me');
    }
    return {
      invoiceId: s.invoiceId,
      fromName: s.values.fromName ?? '',
      // Para left empty is an error on `to`, never the customer's addresses.
      to: s.values.to ?? '',
      template: s.values.template ?? 'original',
      subject: s.values.subject ?? '',
      message: s.values.message ?? '',
      copyTo,
      // A double submit carries the same view id: one delivery.
      idempotencyKey: idempotencyKeys.slack(s.viewId),
      requestedBy: `slack:${s.userId}`,
      origin: { slackUserId: s.userId, ...(s.channelId ? { slackChannelId: s.channelId } : {}) },
    };
  }

  private async lookup(text: string): Promise<Lookup<{ invoice: InvoiceCard }>> {
    const query = parseInvoiceNumber(text);
    if (!query) return { kind: 'invalid', text };
    const number = `${query.letter ? `${query.letter} ` : ''}${String(query.pointOfSale).padStart(4, '0')}-${String(query.number).padStart(8, '0')}`;
    const candidates = await this.invoices.findCandidateSummaries(query);
    if (candidates.length === 1) return { kind: 'found', invoice: card(candidates[0]) };
    if (candidates.length > 1) return { kind: 'several', number, candidates: candidates.map(card) };
    return { kind: 'not_found', number, closest: (await this.invoices.closestTo(query)).map(card) };
  }
}

/** What a card needs of an invoice (a full InvoiceView or a summary). */
type CardSource = Pick<InvoiceView, 'id' | 'kind' | 'letter' | 'displayNumber' | 'total' | 'currency' | 'balance' | 'dueDate' | 'status'> & {
  customer: { name: string; email: string | null };
};

export function card(invoice: CardSource): InvoiceCard {
  return {
    id: invoice.id,
    document: messages.slack.document(invoice.kind, invoice.letter, invoice.displayNumber),
    customer: invoice.customer.name,
    total: formatMoneyAr(invoice.total, invoice.currency),
    balance: formatMoneyAr(invoice.balance, invoice.currency),
    dueDate: invoice.dueDate ? formatDateAr(invoice.dueDate, '-') : null,
    status: invoice.status,
    customerHasEmail: Boolean(invoice.customer.email?.trim()),
  };
}

/** The customer's e-mail field as the dialog shows it: "a@x.com, b@y.com" (as stored if it no longer parses). */
function customerAddresses(field: string): string {
  if (!field.trim()) return '';
  try {
    return parseRecipientList(field).addresses.join(', ');
  } catch {
    return field;
  }
}

function splitToken(token: string): [string, string] {
  const at = token.indexOf(':');
  return at < 0 ? ['', ''] : [token.slice(0, at), token.slice(at + 1)];
}
