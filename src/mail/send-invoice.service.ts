import { Injectable } from '@nestjs/common';
import isEmail from 'validator/lib/isEmail';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { PortalLinkService } from '../customers/portal-link.service';
import type { InvoiceDocument } from '../invoices/invoice-document';
import { InvoicesService } from '../invoices/invoices.service';
import { InvoicePdfService } from '../pdf/invoice-pdf.service';
import { CustomerTemplatesRepository } from '../templates/customer-templates.repository';
import { invoiceMailValues, InvoiceMailRenderer, MailDraft } from '../templates/invoice-mail.renderer';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryDispatcher } from './delivery-dispatcher.service';
import type { DeliveryRecord } from './delivery.record';
import { mergeBcc, parseRecipientList } from './recipient-list.parser';
import { LIMITS, SendDefaults, SendRequest } from './send-request';

/**
 * The one send use case. The Slack dialog, the button on a saved invoice,
 * automatic sending, reminders and the REST API all call send(): it
 * validates, renders the e-mail and the PDF, records a queued delivery, and
 * hands it to the dispatcher. Nothing is recorded when anything before that
 * fails, and a repeated idempotency key returns the first delivery.
 */
@Injectable()
export class SendInvoiceService {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly portalLinks: PortalLinkService,
    private readonly renderer: InvoiceMailRenderer,
    private readonly lastUsed: CustomerTemplatesRepository,
    private readonly pdfs: InvoicePdfService,
    private readonly deliveries: DeliveriesRepository,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly clock: Clock,
  ) {}

  /** What the dialog shows before the person edits anything. */
  async defaults(invoiceId: string): Promise<SendDefaults> {
    const { doc, customerId, portalUrl } = await this.load(invoiceId);
    const values = invoiceMailValues(doc, portalUrl);
    const lastUsedTemplate = await this.lastUsed.find(customerId);
    const original = await this.renderer.renderDraft(values, null);
    // A stored template that no longer renders must not keep the dialog from
    // opening: offer the original (sending with "last_used" still says why).
    const lastUsed = lastUsedTemplate ? await this.renderer.renderDraft(values, lastUsedTemplate).catch(() => null) : null;
    const chosen = lastUsed ?? original;
    return {
      fromName: doc.company.legalName,
      to: doc.customer.email ?? '',
      template: lastUsed ? 'last_used' : 'original',
      hasLastUsed: Boolean(lastUsed),
      subject: chosen.subject,
      message: chosen.message,
      drafts: { original, last_used: lastUsed },
    };
  }

  async send(request: SendRequest): Promise<{ delivery: DeliveryRecord; created: boolean }> {
    if (request.idempotencyKey) {
      const existing = await this.deliveries.findByIdempotencyKey(request.idempotencyKey);
      if (existing) return { delivery: this.sameInvoice(existing, request), created: false };
    }
    const { doc, customerId, portalUrl } = await this.load(request.invoiceId);
    const values = invoiceMailValues(doc, portalUrl);

    const fromName = singleLine(request.fromName ?? doc.company.legalName, 'fromName', 'El nombre del remitente', LIMITS.fromName);
    const toInput = request.to?.trim() ? request.to : doc.customer.email;
    if (!toInput?.trim()) {
      throw AppError.unprocessable('missing_customer_email', `El cliente ${doc.customer.name} no tiene e-mail cargado; indique a quién enviar (Para).`);
    }
    const to = parseRecipientList(toInput).addresses;
    const copyTo = request.copyTo?.trim() || null;
    if (copyTo && !isEmail(copyTo)) throw AppError.unprocessable('invalid_copy_to', `La dirección para la copia "${copyTo}" no es válida.`);
    const bcc = mergeBcc(to, copyTo);

    const template = request.template ?? 'original';
    const draft = await this.draft(template, customerId, values, request);
    const mail = this.renderer.renderMail(draft, portalUrl);

    // Render (or reuse) the PDF before recording anything: a Chromium failure
    // is the person's error to see, not a delivery stuck in the queue.
    await this.pdfs.getPdf(doc);

    const { delivery, created } = await this.deliveries.createQueued(
      {
        invoiceId: doc.id,
        kind: request.kind ?? 'invoice',
        fromName,
        replyTo: doc.company.email,
        to,
        bcc,
        subject: mail.subject,
        message: draft.message,
        textBody: mail.text,
        htmlBody: mail.html,
        template,
        requestedBy: request.requestedBy ?? null,
        idempotencyKey: request.idempotencyKey ?? null,
      },
      this.clock.now(),
    );
    if (!created) return { delivery: this.sameInvoice(delivery, request), created };
    // Wait briefly for the first attempt so the caller usually sees "sent" or
    // SendGrid's refusal; a slow provider leaves it queued and running.
    await Promise.race([this.dispatcher.dispatch(delivery.id), sleep(FIRST_ATTEMPT_WAIT_MS)]);
    return { delivery: (await this.deliveries.findById(delivery.id)) ?? delivery, created };
  }

  listDeliveries(invoiceId: string): Promise<DeliveryRecord[]> {
    return this.deliveries.listByInvoice(invoiceId);
  }

  private async draft(
    template: 'original' | 'last_used',
    customerId: string,
    values: ReturnType<typeof invoiceMailValues>,
    request: SendRequest,
  ): Promise<MailDraft> {
    let base: MailDraft | null = null;
    // Only render a template for the parts the person did not write.
    if (request.subject == null || request.message == null) {
      if (template === 'last_used') {
        const stored = await this.lastUsed.find(customerId);
        if (!stored) {
          throw AppError.unprocessable('no_last_used_template', 'Este cliente todavía no tiene una plantilla "Último utilizado"; use la original.');
        }
        base = await this.renderer.renderDraft(values, stored);
      } else {
        base = await this.renderer.renderDraft(values, null);
      }
    }
    const subject = singleLine(request.subject ?? base!.subject, 'subject', 'El asunto', LIMITS.subject);
    const message = request.message ?? base!.message;
    if (!message.trim()) throw AppError.unprocessable('missing_message', 'El mensaje no puede estar vacío.');
    if (message.length > LIMITS.message) {
      throw AppError.unprocessable('message_too_long', `El mensaje admite hasta ${LIMITS.message} caracteres (tiene ${message.length}).`);
    }
    return { subject, message };
  }

  private async load(invoiceId: string): Promise<{ doc: InvoiceDocument; customerId: string; portalUrl: string | null }> {
    const { doc, customerId } = await this.invoices.documentWithCustomer(invoiceId);
    return { doc, customerId, portalUrl: await this.portalLinks.urlFor(customerId) };
  }

  private sameInvoice(delivery: DeliveryRecord, request: SendRequest): DeliveryRecord {
    if (delivery.invoiceId !== request.invoiceId) {
      throw AppError.unprocessable('idempotency_key_reused', 'Esa clave de idempotencia ya se usó para otra factura.');
    }
    return delivery;
  }
}

/** How long send() waits for the first attempt before answering "queued". */
const FIRST_ATTEMPT_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function singleLine(value: string, field: string, label: string, max: number): string {
  const text = value.trim();
  if (!text) throw AppError.unprocessable(`missing_${field}`, `${label} no puede estar vacío.`);
  // A line break in a header would let a value add headers of its own.
  if (/[\r\n]/.test(text)) throw AppError.unprocessable(`invalid_${field}`, `${label} debe ser una sola línea.`);
  if (text.length > max) throw AppError.unprocessable(`${field}_too_long`, `${label} admite hasta ${max} caracteres (tiene ${text.length}).`);
  return text;
}
