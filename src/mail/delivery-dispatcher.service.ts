import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { PortalLinkService } from '../customers/portal-link.service';
import type { InvoiceDocument } from '../invoices/invoice-document';
import { InvoicesService } from '../invoices/invoices.service';
import { InvoicePdfService } from '../pdf/invoice-pdf.service';
import { CustomerTemplatesRepository } from '../templates/customer-templates.repository';
import { invoiceMailValues, InvoiceMailRenderer } from '../templates/invoice-mail.renderer';
import { AppConfig } from '../config/app-config';
import { DeliveriesRepository } from './deliveries.repository';
import type { DeliveryRecord } from './delivery.record';
import { MailTransport, TransportError } from './mail.transport';
import { MAX_ATTEMPTS, nextRetryDelayMs } from './retry-policy';

/** How long one attempt may hold a delivery before another worker may take it. */
const CLAIM_MS = 2 * 60_000;
const POLL_MS = 1_000;

/**
 * Hands queued deliveries to the mail transport, one attempt at a time,
 * and records the outcome. Queued and retrying deliveries live in the
 * database, so a restart resumes them: the poll picks up whatever is due,
 * including rows a crashed worker had claimed once their claim expires.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly worker = randomUUID();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly transport: MailTransport,
    private readonly invoices: InvoicesService,
    private readonly pdfs: InvoicePdfService,
    private readonly portalLinks: PortalLinkService,
    private readonly renderer: InvoiceMailRenderer,
    private readonly lastUsed: CustomerTemplatesRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
    void this.poll();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    // Let attempts already handed to the transport record their outcome.
    await this.polling;
    await Promise.allSettled([...this.inFlight]);
  }

  /** One attempt now, if nobody else holds the delivery. Never throws. */
  dispatch(id: string): Promise<void> {
    const run = this.attempt(id).catch((err) => this.logger.error({ err, deliveryId: id }, 'delivery attempt crashed'));
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.polling) return;
    this.polling = (async () => {
      try {
        const due = await this.deliveries.findDue(this.clock.now(), 10);
        for (const id of due) {
          if (this.stopped) break;
          await this.dispatch(id);
        }
      } catch (err) {
        this.logger.warn({ err }, 'delivery poll failed');
      }
    })().finally(() => (this.polling = undefined));
    await this.polling;
  }

  private async attempt(id: string): Promise<void> {
    const now = this.clock.now();
    const delivery = await this.deliveries.claim(id, this.worker, now, new Date(now.getTime() + CLAIM_MS));
    if (!delivery) return;

    let loaded: { doc: InvoiceDocument; customerId: string };
    let pdf: { bytes: Buffer; fileName: string };
    try {
      loaded = await this.invoices.documentWithCustomer(delivery.invoiceId);
      pdf = await this.pdfs.getPdf(loaded.doc);
    } catch (err) {
      return this.retryOrFail(delivery, (err as Error).message, null);
    }

    try {
      const sent = await this.transport.send({
        deliveryId: delivery.id,
        category: delivery.kind,
        from: { name: delivery.fromName, address: this.config.mailFromAddress },
        replyTo: delivery.replyTo,
        to: delivery.to,
        bcc: delivery.bcc,
        subject: delivery.subject,
        text: delivery.textBody,
        html: delivery.htmlBody,
        attachment: { fileName: pdf.fileName, content: pdf.bytes, contentType: 'application/pdf' },
      });
      await this.deliveries.markSent(delivery.id, this.worker, sent.providerMessageId, this.clock.now());
      this.logger.log({ deliveryId: delivery.id, transport: this.transport.name, providerMessageId: sent.providerMessageId }, 'e-mail sent');
    } catch (err) {
      if (err instanceof TransportError && !err.retryable) {
        await this.deliveries.markFailed(delivery.id, this.worker, err.message, true);
        this.logger.warn({ deliveryId: delivery.id, error: err.message }, 'e-mail rejected');
        return;
      }
      const retryAfter = err instanceof TransportError ? err.retryAfterMs : null;
      return this.retryOrFail(delivery, (err as Error).message, retryAfter);
    }
    if (delivery.kind === 'invoice') await this.rememberLastUsed(delivery, loaded.doc, loaded.customerId);
  }

  private async retryOrFail(delivery: DeliveryRecord, error: string, retryAfterMs: number | null): Promise<void> {
    const attempt = delivery.attempts + 1;
    const delay = attempt >= MAX_ATTEMPTS ? null : nextRetryDelayMs(attempt, retryAfterMs);
    if (delay === null) {
      await this.deliveries.markFailed(delivery.id, this.worker, `${error} (tras ${attempt} intentos)`, true);
      this.logger.warn({ deliveryId: delivery.id, attempts: attempt, error }, 'e-mail failed, giving up');
      return;
    }
    await this.deliveries.markRetry(delivery.id, this.worker, error, new Date(this.clock.now().getTime() + delay));
    this.logger.warn({ deliveryId: delivery.id, attempts: attempt, retryInMs: delay, error }, 'e-mail attempt failed, will retry');
  }

  /** After a send, what was sent becomes the customer's "Último utilizado". */
  private async rememberLastUsed(delivery: DeliveryRecord, doc: InvoiceDocument, customerId: string): Promise<void> {
    try {
      const portalUrl = await this.portalLinks.urlFor(customerId);
      const template = this.renderer.toLastUsedTemplate(delivery.subject, delivery.message, invoiceMailValues(doc, portalUrl));
      await this.lastUsed.save(customerId, template);
    } catch (err) {
      // The e-mail went out; a template not remembered is not worth failing it.
      this.logger.warn({ err, deliveryId: delivery.id }, 'could not remember the last used template');
    }
  }
}
