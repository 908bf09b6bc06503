import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { isUniqueViolation } from '../database/unique-violation';
import { reduceDeliveryEvents } from './delivery-event.reducer';
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
          // The clock's "now", like every other time of the delivery: "sent
          // today" (reminders) and the retry give-up agree with it.
          createdAt: now,
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
   * deliveries whose status they changed, as they are now. Set-based: one
   * read of the rows concerned, the events reduced per row in memory, then
   * one conditional update per group of rows that end up alike. A row whose
   * status moved since it was read (another replica) is read and reduced again.
   */
  async applyEvents(changes: DeliveryEventChange[]): Promise<DeliveryRecord[]> {
    const ids = [...new Set(changes.flatMap((c) => (c.deliveryId ? [c.deliveryId] : [])))];
    const messageIds = [...new Set(changes.flatMap((c) => (!c.deliveryId && c.providerMessageId ? [c.providerMessageId] : [])))];
    if (ids.length === 0 && messageIds.length === 0) return [];
    return this.db.client.$transaction(async (tx) => {
      const changed: DeliveryRecord[] = [];
      let where: object = { OR: [{ id: { in: ids } }, { providerMessageId: { in: messageIds } }] };
      for (let round = 0; round < MAX_EVENT_ROUNDS; round++) {
        const rows = await tx.delivery.findMany({ where, select: { id: true, providerMessageId: true, status: true } });
        const missed: string[] = [];
        for (const group of groupUpdates(rows, changes)) {
          const data = {
            ...(group.update.lastEvent !== null ? { lastEvent: group.update.lastEvent } : {}),
            ...(group.update.note !== null ? { note: group.update.note } : {}),
            ...(group.update.status
              ? { status: group.update.status, error: group.update.error, nextAttemptAt: null, ...UNCLAIMED }
              : {}),
          };
          const updated = await tx.delivery.updateManyAndReturn({ where: { id: { in: group.ids }, status: group.from }, data });
          if (group.update.status) changed.push(...updated.map(toRecord));
          const done = new Set(updated.map((r) => r.id));
          missed.push(...group.ids.filter((id) => !done.has(id)));
        }
        if (missed.length === 0) break;
        where = { id: { in: missed } };
      }
      return changed;
    });
  }
}

/** Rounds of read-reduce-write before a batch gives up on rows that keep moving under it. */
const MAX_EVENT_ROUNDS = 5;

/** Rows that the batch's events leave alike, by the status they were read in. */
function groupUpdates(
  rows: { id: string; providerMessageId: string | null; status: string }[],
  changes: DeliveryEventChange[],
): { from: string; update: NonNullable<ReturnType<typeof reduceDeliveryEvents>>; ids: string[] }[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byMessageId = new Map<string, string[]>();
  for (const r of rows) if (r.providerMessageId) append(byMessageId, r.providerMessageId, r.id);
  const eventsOf = new Map<string, DeliveryEventChange[]>();
  for (const c of changes) {
    const targets = c.deliveryId ? (byId.has(c.deliveryId) ? [c.deliveryId] : []) : (byMessageId.get(c.providerMessageId ?? '') ?? []);
    for (const id of targets) append(eventsOf, id, c);
  }
  const groups = new Map<string, { from: string; update: NonNullable<ReturnType<typeof reduceDeliveryEvents>>; ids: string[] }>();
  for (const [id, events] of eventsOf) {
    const from = byId.get(id)!.status;
    const update = reduceDeliveryEvents(from as DeliveryStatus, events);
    if (!update) continue;
    const key = JSON.stringify([from, update]);
    const group = groups.get(key) ?? { from, update, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
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
