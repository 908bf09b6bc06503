import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { messages } from '../common/messages';
import { AppConfig } from '../config/app-config';
import type { InvoiceDocument } from '../invoices/invoice-document';
import { InvoicesService } from '../invoices/invoices.service';
import { CustomerTemplatesRepository } from './customer-templates.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryEvent } from './delivery.events';
import type { DeliveryRecord } from './delivery.record';
import { MailTransport, TransportError } from './mail.transport';
import { BACKOFF_BASE_MS, nextRetryDelayMs, RetryPolicy } from './retry-policy';

/** How long one attempt may hold a delivery before another worker may take it. */
const CLAIM_MS = 2 * 60_000;
const POLL_MS = 1_000;

/**
 * Hands queued deliveries to the mail transport, a bounded number at a
 * time, and records each outcome. Everything it needs is on the delivery row
 * (rendered bodies, the "last used" to learn) but the PDF, loaded once per
 * attempt. Queued and retrying deliveries live in the database, so a restart
 * or another replica resumes them; a delivery is claimed only when its
 * attempt starts, and claims left by a stop are handed back at once.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly worker = randomUUID();
  private readonly policy: RetryPolicy;
  private readonly concurrency: number;
  /** Deliveries waiting for a free slot or running here, and who waits for each. */
  private readonly pending = new Map<string, { done: Promise<void>; resolve: () => void; doc?: InvoiceDocument }>();
  private readonly waiting: string[] = [];
  private readonly claimed = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly transport: MailTransport,
    private readonly invoices: InvoicesService,
    private readonly lastUsed: CustomerTemplatesRepository,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.policy = { baseMs: BACKOFF_BASE_MS, maxDelayMs: config.mail.retryMaxDelayMs, giveUpAfterMs: config.mail.retryGiveUpMs };
    this.concurrency = config.mail.concurrency;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
    void this.poll();
  }

  /**
   * Runs after the HTTP server drained: what is running finishes and records
   * its outcome; what waits here is left queued in the database for the next
   * start or another replica, with no claim to expire first.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const id of this.waiting.splice(0)) this.settle(id);
    await this.polling;
    await Promise.allSettled([...this.running]);
    const released = await this.deliveries.releaseClaims(this.worker, [...this.claimed]).catch(() => 0);
    if (released) this.logger.log({ released }, 'handed back claimed deliveries');
  }

  /**
   * Queues one attempt now; resolves when it finished (or was left for later).
   * Never rejects. `doc`, the invoice as the sender just loaded it, spares the
   * attempt loading it again; the PDF is still checked against it.
   */
  dispatch(id: string, doc?: InvoiceDocument): Promise<void> {
    const known = this.pending.get(id);
    if (known) return known.done;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.pending.set(id, { done, resolve, doc });
    if (this.stopped) this.settle(id);
    else {
      this.waiting.push(id);
      this.pump();
    }
    return done;
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      const run: Promise<void> = this.attempt(id)
        .catch((err) => this.logger.error({ err, deliveryId: id }, 'delivery attempt crashed'))
        .finally(() => {
          this.running.delete(run);
          this.settle(id);
          this.pump();
        });
      this.running.add(run);
    }
  }

  private settle(id: string): void {
    this.pending.get(id)?.resolve();
    this.pending.delete(id);
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.polling || this.waiting.length >= this.concurrency) return;
    this.polling = (async () => {
      try {
        for (const id of await this.deliveries.findDue(this.clock.now(), this.concurrency * 4)) void this.dispatch(id);
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
    this.claimed.add(id);
    try {
      await this.send(delivery, this.pending.get(id)?.doc);
    } finally {
      this.claimed.delete(id);
    }
  }

  private async send(delivery: DeliveryRecord, doc: InvoiceDocument | undefined): Promise<void> {
    let pdf: { bytes: Buffer; fileName: string };
    try {
      pdf = doc ? await this.invoices.pdfOf(doc) : await this.invoices.pdf(delivery.invoiceId);
    } catch (err) {
      this.logger.warn({ err, deliveryId: delivery.id }, 'PDF for a delivery failed');
      return this.retryOrFail(delivery, messages.delivery.pdfFailed, null);
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
      const marked = await this.deliveries.markSent(delivery.id, this.worker, sent.providerMessageId, this.clock.now());
      this.logger.log({ deliveryId: delivery.id, transport: this.transport.name, providerMessageId: sent.providerMessageId }, 'e-mail sent');
      if (!marked) return;
      if (marked.learnedTemplate) await this.rememberLastUsed(marked);
      this.events.emit(DeliveryEvent.SENT, new DeliveryEvent(marked));
    } catch (err) {
      if (err instanceof TransportError && !err.retryable) return this.fail(delivery, err.message);
      return this.retryOrFail(delivery, (err as Error).message, err instanceof TransportError ? err.retryAfterMs : null);
    }
  }

  private async retryOrFail(delivery: DeliveryRecord, error: string, retryAfterMs: number | null): Promise<void> {
    const attempts = delivery.attempts + 1;
    const now = this.clock.now();
    const delay = nextRetryDelayMs(attempts, retryAfterMs, now.getTime() - delivery.createdAt.getTime(), this.policy);
    if (delay === null) {
      return this.fail(delivery, messages.delivery.gaveUp(error, attempts, this.policy.giveUpAfterMs));
    }
    await this.deliveries.markRetry(delivery.id, this.worker, error, new Date(now.getTime() + delay));
    this.logger.warn({ deliveryId: delivery.id, attempts, retryInMs: delay, error }, 'e-mail attempt failed, will retry');
  }

  private async fail(delivery: DeliveryRecord, error: string): Promise<void> {
    const failed = await this.deliveries.markFailed(delivery.id, this.worker, error);
    this.logger.warn({ deliveryId: delivery.id, error }, 'e-mail failed for good');
    if (failed) this.events.emit(DeliveryEvent.FAILED, new DeliveryEvent(failed));
  }

  /** After a send, what was sent becomes the customer's "Último utilizado". */
  private async rememberLastUsed(delivery: DeliveryRecord): Promise<void> {
    try {
      await this.lastUsed.saveForInvoice(delivery.invoiceId, delivery.learnedTemplate!);
    } catch (err) {
      // The e-mail went out; a template not remembered is not worth failing it.
      this.logger.warn({ err, deliveryId: delivery.id }, 'could not remember the last used template');
    }
  }
}
