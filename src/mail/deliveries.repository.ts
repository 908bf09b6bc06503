import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { isUniqueViolation } from '../invoices/invoices.repository';
import type { DeliveryRecord, DeliveryStatus, NewDelivery } from './delivery.record';

type Row = Awaited<ReturnType<PrismaService['client']['delivery']['findUniqueOrThrow']>>;

const splitList = (value: string | null) => (value ? value.split(', ').filter(Boolean) : []);

/**
 * Deliveries, and the conditional updates that make sending safe with
 * several replicas: a row is handed to the transport only by the worker
 * that claimed it, and an idempotency key maps to one row.
 */
@Injectable()
export class DeliveriesRepository {
  constructor(private readonly db: PrismaService) {}

  /**
   * Inserts a queued delivery. With an idempotency key already used, returns
   * the existing row instead (`created: false`), also when two requests race.
   */
  async createQueued(data: NewDelivery, now: Date): Promise<{ delivery: DeliveryRecord; created: boolean }> {
    if (data.idempotencyKey) {
      const existing = await this.findByIdempotencyKey(data.idempotencyKey);
      if (existing) return { delivery: existing, created: false };
    }
    try {
      const row = await this.db.client.delivery.create({
        data: { ...data, to: data.to.join(', '), bcc: data.bcc.length ? data.bcc.join(', ') : null, status: 'queued', nextAttemptAt: now },
      });
      return { delivery: toRecord(row), created: true };
    } catch (err) {
      if (data.idempotencyKey && isUniqueViolation(err)) {
        const existing = await this.findByIdempotencyKey(data.idempotencyKey);
        if (existing) return { delivery: existing, created: false };
      }
      throw err;
    }
  }

  async findById(id: string): Promise<DeliveryRecord | null> {
    const row = await this.db.client.delivery.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async findByIdempotencyKey(key: string): Promise<DeliveryRecord | null> {
    const row = await this.db.client.delivery.findUnique({ where: { idempotencyKey: key } });
    return row ? toRecord(row) : null;
  }

  async listByInvoice(invoiceId: string): Promise<DeliveryRecord[]> {
    const rows = await this.db.client.delivery.findMany({ where: { invoiceId }, orderBy: { createdAt: 'asc' } });
    return rows.map(toRecord);
  }

  /** Queued deliveries whose time has come and that nobody holds. */
  async findDue(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.client.delivery.findMany({
      where: {
        status: 'queued',
        nextAttemptAt: { lte: now },
        OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }],
      },
      select: { id: true },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  /**
   * Takes a delivery for one attempt. The conditional update succeeds for
   * exactly one worker, across replicas; a worker that dies lets go when
   * `until` passes.
   */
  async claim(id: string, worker: string, now: Date, until: Date): Promise<DeliveryRecord | null> {
    const { count } = await this.db.client.delivery.updateMany({
      where: { id, status: 'queued', OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      data: { claimedBy: worker, claimedUntil: until },
    });
    return count === 1 ? this.findById(id) : null;
  }

  async markSent(id: string, worker: string, providerMessageId: string, now: Date): Promise<void> {
    await this.db.client.delivery.updateMany({
      where: { id, claimedBy: worker, status: 'queued' },
      data: {
        status: 'sent', providerMessageId, sentAt: now, error: null, nextAttemptAt: null,
        attempts: { increment: 1 }, claimedBy: null, claimedUntil: null,
      },
    });
  }

  async markRetry(id: string, worker: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db.client.delivery.updateMany({
      where: { id, claimedBy: worker, status: 'queued' },
      data: { error, nextAttemptAt, attempts: { increment: 1 }, claimedBy: null, claimedUntil: null },
    });
  }

  async markFailed(id: string, worker: string | null, error: string, countsAsAttempt: boolean): Promise<void> {
    await this.db.client.delivery.updateMany({
      where: { id, status: 'queued', ...(worker ? { claimedBy: worker } : {}) },
      data: {
        status: 'failed', error, nextAttemptAt: null, claimedBy: null, claimedUntil: null,
        ...(countsAsAttempt ? { attempts: { increment: 1 } } : {}),
      },
    });
  }

  /** Applies a provider event; finds the row by our id or the provider's message id. */
  async applyEvent(
    match: { deliveryId?: string | null; providerMessageId?: string | null },
    update: { status?: DeliveryStatus; lastEvent: string; error?: string | null },
  ): Promise<number> {
    const where = match.deliveryId
      ? { id: match.deliveryId }
      : match.providerMessageId
        ? { providerMessageId: match.providerMessageId }
        : null;
    if (!where) return 0;
    const { count } = await this.db.client.delivery.updateMany({
      // A late "delivered" must not undo a bounce, nor touch a queued row.
      where: { ...where, status: { in: update.status === 'delivered' ? ['sent', 'delivered'] : ['sent', 'delivered', 'bounced'] } },
      data: {
        lastEvent: update.lastEvent,
        ...(update.status ? { status: update.status } : {}),
        ...(update.error !== undefined ? { error: update.error } : {}),
      },
    });
    return count;
  }
}

function toRecord(row: Row): DeliveryRecord {
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    kind: row.kind as DeliveryRecord['kind'],
    status: row.status as DeliveryStatus,
    fromName: row.fromName,
    replyTo: row.replyTo,
    to: splitList(row.to),
    bcc: splitList(row.bcc),
    subject: row.subject,
    message: row.message,
    textBody: row.textBody,
    htmlBody: row.htmlBody,
    template: row.template as DeliveryRecord['template'],
    requestedBy: row.requestedBy,
    idempotencyKey: row.idempotencyKey,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    providerMessageId: row.providerMessageId,
    error: row.error,
    lastEvent: row.lastEvent,
    sentAt: row.sentAt,
    createdAt: row.createdAt,
  };
}
