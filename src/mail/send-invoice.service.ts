import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { daysBetween, todayIn } from '../common/calendar-date';
import { formatMoneyAr } from '../common/format';
import { messages } from '../common/messages';
import { AppConfig } from '../config/app-config';
import { PortalLinkService } from '../customers/portal-link.service';
import type { InvoiceDocument } from '../invoices/invoice-document';
import { invoiceNotFound, InvoicesService } from '../invoices/invoices.service';
import { companyMissing } from '../company/company.service';
import { LastUsedTemplate, serializeLastUsed } from '../templates/last-used.template';
import { InvoiceMailValues, invoiceMailValues } from '../templates/mail-values';
import { MailDraft, MailRenderer } from '../templates/mail.renderer';
import { CustomerTemplatesRepository } from './customer-templates.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryDispatcher } from './delivery-dispatcher.service';
import type { DeliveryRecord, NewDelivery } from './delivery.record';
import { requestFingerprint } from './idempotency-key';
import { copyField, fromNameField, messageField, recipientsField, subjectField } from './send-fields';
import { SendDefaultsRepository } from './send-defaults.repository';
import { SendDefaults, SendRequest } from './send-request';

/** A send that passed every check, with what it would record; nothing stored yet. */
export interface ValidatedSend {
  doc: InvoiceDocument;
  delivery: Omit<NewDelivery, 'idempotencyKey' | 'requestHash' | 'requestedBy' | 'origin'>;
}

export interface SendOptions {
  /** How long to wait for the first attempt before answering (the REST API waits; Slack and reminders never do). */
  waitMs?: number;
  /**
   * The caller holds a claim that no delivery exists under this key yet (a
   * reminder step just claimed): the look-up before the work is skipped; the
   * insert still refuses a second delivery under the key.
   */
  keyIsNew?: boolean;
}

/**
 * The one send use case. The Slack dialog, the button on a saved invoice,
 * automatic sending, reminders and the REST API all call send(): it
 * validates, renders the e-mail, renders or reuses the PDF, records a queued
 * delivery and hands it to the dispatcher. Nothing is recorded when anything
 * before that fails. validate() is the same checks without the PDF or the
 * network: milliseconds, so Slack can answer inside its 3 seconds.
 */
@Injectable()
export class SendInvoiceService {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly portalLinks: PortalLinkService,
    private readonly renderer: MailRenderer,
    private readonly lastUsed: CustomerTemplatesRepository,
    private readonly defaultsSource: SendDefaultsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** What the dialog shows before the person edits anything. */
  async defaults(invoiceId: string): Promise<SendDefaults> {
    const source = await this.defaultsSource.find(invoiceId);
    if (!source) throw invoiceNotFound(invoiceId);
    const { invoice, customer, company, lastUsed: stored } = source;
    if (!company) throw companyMissing();
    const portalUrl = await this.portalLinks.urlFor(company, customer);
    const values = invoiceMailValues({ ...invoice, customer, company }, portalUrl);
    const original = this.renderer.invoiceDraft(values);
    const lastUsed = stored ? this.renderer.invoiceDraft(values, stored) : null;
    const chosen = lastUsed ?? original;
    return {
      fromName: company.legalName,
      replyTo: company.email,
      to: customer.email ?? '',
      template: lastUsed ? 'last_used' : 'original',
      hasLastUsed: Boolean(lastUsed),
      subject: chosen.subject,
      message: chosen.message,
      drafts: { original, last_used: lastUsed },
    };
  }

  /** Every check send() makes before the PDF; throws an AppError naming the field at fault. */
  async validate(request: SendRequest): Promise<ValidatedSend> {
    const { doc, customerId, values, balance } = await this.load(request.invoiceId);
    const fromName = fromNameField(request.fromName ?? doc.company.legalName);
    const to = recipientsField(request.to, doc.customer);
    const bcc = copyField(to, request.copyTo);

    let draft: MailDraft;
    let template: NewDelivery['template'];
    let learnedTemplate: string | null = null;
    if (request.reminder) {
      const daysOverdue = doc.dueDate ? daysBetween(doc.dueDate, this.today()) : 0;
      draft = this.renderer.reminderDraft(values, { daysOverdue, balance: formatMoneyAr(balance, doc.currency) }, request.reminder.tone);
      template = 'reminder';
    } else {
      // As in the dialog: the customer's "Último utilizado" unless asked otherwise.
      const stored = request.template === 'original' ? null : await this.lastUsed.find(customerId);
      if (request.template === 'last_used' && !stored) {
        throw AppError.unprocessable('no_last_used_template', messages.send.noLastUsedTemplate, 'template');
      }
      template = stored ? 'last_used' : 'original';
      draft = this.draft(stored, values, request);
    }
    const mail = this.renderer.renderMail(draft, values.portalUrl);
    if (!request.reminder) learnedTemplate = serializeLastUsed(this.renderer.toLastUsed(draft, values));
    return {
      doc,
      delivery: {
        invoiceId: doc.id,
        kind: request.reminder ? 'reminder' : 'invoice',
        fromName,
        replyTo: doc.company.email,
        to,
        bcc,
        subject: mail.subject,
        message: draft.message,
        textBody: mail.text,
        htmlBody: mail.html,
        template,
        learnedTemplate,
      },
    };
  }

  /**
   * Sends once per idempotency key: a repeat of the same request returns the
   * first delivery (`created: false`), another request under the key is a 422.
   */
  async send(request: SendRequest, options: SendOptions = {}): Promise<{ delivery: DeliveryRecord; created: boolean }> {
    const requestHash = request.idempotencyKey ? requestFingerprint(request) : null;
    if (request.idempotencyKey && !options.keyIsNew) {
      const existing = await this.deliveries.findByIdempotencyKey(request.idempotencyKey);
      if (existing) return { delivery: sameRequest(existing, requestHash), created: false };
    }
    const { doc, delivery } = await this.validate(request);
    // Render (or reuse) the PDF before recording anything: a Chromium failure
    // is the person's error to see, not a delivery stuck in the queue.
    await this.invoices.ensurePdf(doc);
    const { delivery: queued, created } = await this.deliveries.createQueued(
      {
        ...delivery,
        idempotencyKey: request.idempotencyKey ?? null,
        requestHash,
        requestedBy: request.requestedBy ?? null,
        origin: request.origin ?? null,
      },
      this.clock.now(),
    );
    if (!created) return { delivery: sameRequest(queued, requestHash), created };
    // The document just loaded goes along: the attempt here reads only the PDF bytes.
    const attempt = this.dispatcher.dispatch(queued.id, doc);
    if (!options.waitMs) return { delivery: queued, created };
    await Promise.race([attempt, sleep(options.waitMs)]);
    return { delivery: (await this.deliveries.findById(queued.id)) ?? queued, created };
  }

  listDeliveries(invoiceId: string): Promise<DeliveryRecord[]> {
    return this.deliveries.listByInvoice(invoiceId);
  }

  /** One delivery as stored (Slack reopens the dialog with what it sent); null when there is none. */
  deliveryById(id: string): Promise<DeliveryRecord | null> {
    return this.deliveries.findById(id);
  }

  /** Subject and message: what the person wrote, else the template's (`stored`, or the original). */
  private draft(stored: LastUsedTemplate | null, values: InvoiceMailValues, request: SendRequest): MailDraft {
    const base = request.subject == null || request.message == null ? this.renderer.invoiceDraft(values, stored) : null;
    return { subject: subjectField(request.subject ?? base!.subject), message: messageField(request.message ?? base!.message) };
  }

  private async load(invoiceId: string): Promise<{ doc: InvoiceDocument; customerId: string; values: InvoiceMailValues; balance: string }> {
    const { doc, customerId, customerPortal, balance, company } = await this.invoices.documentWithCustomer(invoiceId);
    const portalUrl = await this.portalLinks.urlFor(company, customerPortal);
    return { doc, customerId, balance, values: invoiceMailValues(doc, portalUrl) };
  }

  private today(): string {
    return todayIn(this.config.timezone, this.clock.now());
  }
}

/** A key reused for another request is an error, as Stripe does it, never a silent return of the first. */
function sameRequest(delivery: DeliveryRecord, requestHash: string | null): DeliveryRecord {
  if (delivery.requestHash !== requestHash) {
    throw AppError.unprocessable('idempotency_key_reused', messages.send.idempotencyKeyReused);
  }
  return delivery;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
