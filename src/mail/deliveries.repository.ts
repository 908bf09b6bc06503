import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { isUniqueViolation } from '../database/unique-violation';
import type { DeliveryOrigin, DeliveryRecord, DeliveryStatus, NewDelivery } from './delivery.record';

type Row = Awaited<ReturnType<PrismaService['client']['delivery']['findUniqueOrThrow']>>;

/** A provider event, as it changes one delivery. */
export interface DeliveryEventChange {
  deliveryId: string | null;
  providerMessageId: string | null;
  lastEvent: string;
  status?: 'delivered' | 'bounced';
  error?: string;
  note?: string;
}

// From which statuses an event may move a delivery. "delivered" also rescues
// a queued or failed row (SendGrid took a mail whose answer we never got), but
// never undoes a bounce; a bounce wins over an earlier "delivered" (another
// recipient of the same mail).
const MOVES_FROM: Record<'delivered' | 'bounced', DeliveryStatus[]> = {
  delivered: ['queued', 'sent', 'failed'],
  bounced: ['queued', 'sent', 'delivered', 'failed'],
};

const splitList = (value: string | null) => (value ? value.split(', ').filter(Boolean) : []);
const UNCLAIMED = { claimedBy: null, claimedUntil: null };

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
    try {
      const row = await this.db.client.delivery.create({
        data: {
          ...data,
          to: data.to.join(', '),
          bcc: data.bcc.length ? data.bcc.join(', ') : null,
          origin: data.origin ? JSON.stringify(data.origin) : null,
          status: 'queued',
          nextAttemptAt: now,
        },
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
      where: { status: 'queued', nextAttemptAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      select: { id: true },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  /**
   * Takes a delivery for one attempt. The conditional update succeeds for
   * exactly one worker, across replicas; a worker that dies lets go when
   * `until` passes, one that stops lets go at once (releaseClaims).
   */
  async claim(id: string, worker: string, now: Date, until: Date): Promise<DeliveryRecord | null> {
    const [row] = await this.db.client.delivery.updateManyAndReturn({
      where: { id, status: 'queued', nextAttemptAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      data: { claimedBy: worker, claimedUntil: until },
    });
    return row ? toRecord(row) : null;
  }

  /** Hands back what `worker` claimed but did not attempt, so another replica takes it now. */
  async releaseClaims(worker: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const { count } = await this.db.client.delivery.updateMany({
      where: { id: { in: ids }, claimedBy: worker, status: 'queued' },
      data: UNCLAIMED,
    });
    return count;
  }

  async markSent(id: string, worker: string, providerMessageId: string, now: Date): Promise<DeliveryRecord | null> {
    const [row] = await this.db.client.delivery.updateManyAndReturn({
      where: { id, claimedBy: worker, status: 'queued' },
      data: { status: 'sent', providerMessageId, sentAt: now, error: null, nextAttemptAt: null, attempts: { increment: 1 }, ...UNCLAIMED },
    });
    return row ? toRecord(row) : null;
  }

  async markRetry(id: string, worker: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db.client.delivery.updateMany({
      where: { id, claimedBy: worker, status: 'queued' },
      data: { error, nextAttemptAt, attempts: { increment: 1 }, ...UNCLAIMED },
    });
  }

  async markFailed(id: string, worker: string, error: string): Promise<DeliveryRecord | null> {
    const [row] = await this.db.client.delivery.updateManyAndReturn({
      where: { id, status: 'queued', claimedBy: worker },
      data: { status: 'failed', error, nextAttemptAt: null, attempts: { increment: 1 }, ...UNCLAIMED },
    });
    return row ? toRecord(row) : null;
  }

  /**
   * Applies provider events in one transaction, in order; returns the
   * deliveries whose status they changed, as they are now.
   */
  async applyEvents(changes: DeliveryEventChange[]): Promise<DeliveryRecord[]> {
    const client = this.db.client;
    const ops = changes.flatMap((c): Promise<unknown>[] => {
      const where = c.deliveryId ? { id: c.deliveryId } : c.providerMessageId ? { providerMessageId: c.providerMessageId } : null;
      if (!where) return [];
      if (!c.status) {
        return [client.delivery.updateMany({ where, data: { lastEvent: c.lastEvent, ...(c.note ? { note: c.note } : {}) } })];
      }
      return [
        client.delivery.updateManyAndReturn({
          where: { ...where, status: { in: MOVES_FROM[c.status] } },
          data: {
            status: c.status, lastEvent: c.lastEvent, error: c.status === 'bounced' ? (c.error ?? null) : null,
            nextAttemptAt: null, ...UNCLAIMED,
          },
        }),
      ];
    });
    if (ops.length === 0) return [];
    // Both kinds of operation are PrismaPromises; the batch form runs them in one transaction, in order.
    const results = (await client.$transaction(ops as never)) as unknown[];
    return results.flatMap((r) => (Array.isArray(r) ? (r as Row[]).map(toRecord) : []));
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
    origin: row.origin ? (JSON.parse(row.origin) as DeliveryOrigin) : null,
    idempotencyKey: row.idempotencyKey,
    requestHash: row.requestHash,
    learnedTemplate: row.learnedTemplate,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    providerMessageId: row.providerMessageId,
    error: row.error,
    lastEvent: row.lastEvent,
    note: row.note,
    sentAt: row.sentAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
