import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/sqlite/client';
import { PrismaService } from '../database/prisma.service';
import { isUniqueViolation } from '../database/unique-violation';
import type { InvoiceKind, Letter } from '../invoices/voucher';
import type { ReminderRunSummary } from './reminder-run.summary';

/** Due dates whose latest step reached is `step` (see dueDateBands). */
export interface DueBand {
  step: number;
  dueAfter: string | null;
  dueOnOrBefore: string;
}

/** An invoice due a reminder, with what the run needs to decide and to report. */
export interface ReminderCandidate {
  id: string;
  kind: InvoiceKind;
  letter: Letter;
  pointOfSale: number;
  number: number;
  dueDate: string;
  customerName: string;
  customerEmail: string | null;
}

export interface NewRun {
  trigger: ReminderRunSummary['trigger'];
  asOf: string;
  /** "cron:<asOf>": one scheduled run per day across replicas; null for API runs. */
  lockKey: string | null;
  startedAt: Date;
}

/** What the run keeps in ReminderRun.summary (the rest has columns of its own). */
export type RunTally = Pick<ReminderRunSummary, 'sent' | 'skipped' | 'failed'>;

const CANDIDATE_SELECT = {
  id: true, kind: true, letter: true, pointOfSale: true, number: true, dueDate: true,
  customer: { select: { name: true, email: true } },
} as const;

/**
 * The reminders' data access: the invoices due a step, read a page at a time
 * (keyset on due date and id, over the [dueDate, balanceCents] index), the
 * reminder log whose unique keys are the exactly-once claim, and the runs.
 */
@Injectable()
export class RemindersRepository {
  constructor(private readonly db: PrismaService) {}

  async countDue(band: DueBand, minBalanceCents: bigint, sentOn: string): Promise<number> {
    return this.db.client.invoice.count({ where: dueWhere(band, minBalanceCents, sentOn) });
  }

  /**
   * The next page of a band, oldest due date first, after `after`. Invoices
   * that already had this step or a later one, or any reminder on `sentOn`,
   * are left out by the query itself.
   */
  async duePage(
    band: DueBand,
    minBalanceCents: bigint,
    sentOn: string,
    after: { dueDate: string; id: string } | null,
    limit: number,
  ): Promise<ReminderCandidate[]> {
    const keyset: Prisma.InvoiceWhereInput[] = after
      ? [{ OR: [{ dueDate: { gt: after.dueDate } }, { dueDate: after.dueDate, id: { gt: after.id } }] }]
      : [];
    const rows = await this.db.client.invoice.findMany({
      where: { AND: [dueWhere(band, minBalanceCents, sentOn), ...keyset] },
      select: CANDIDATE_SELECT,
      orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(({ customer, ...row }) => ({
      ...row,
      kind: row.kind as InvoiceKind,
      letter: row.letter as Letter,
      dueDate: row.dueDate!,
      customerName: customer.name,
      customerEmail: customer.email,
    }));
  }

  /** Of `invoiceIds`, those with a delivery other than a reminder created since `since`. */
  async sentManuallySince(invoiceIds: string[], since: Date): Promise<Set<string>> {
    if (invoiceIds.length === 0) return new Set();
    const rows = await this.db.client.delivery.findMany({
      where: { invoiceId: { in: invoiceIds }, kind: { not: 'reminder' }, createdAt: { gte: since } },
      select: { invoiceId: true },
    });
    return new Set(rows.map((r) => r.invoiceId));
  }

  /**
   * The claim: one log row per invoice and step, and per invoice and day.
   * Returns the row's id, or null when another run (this replica or
   * another) holds that step or already reminded the invoice that day.
   */
  async claim(data: { invoiceId: string; step: number; asOf: string; sentOn: string; runId: string }): Promise<string | null> {
    try {
      return (await this.db.client.reminderLog.create({ data, select: { id: true } })).id;
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  /** Links claims to the deliveries they produced, a page at a time (one commit, not one per reminder). */
  async attachDeliveries(links: { logId: string; deliveryId: string }[]): Promise<void> {
    if (links.length === 0) return;
    await this.db.client.$transaction(
      links.map(({ logId, deliveryId }) => this.db.client.reminderLog.update({ where: { id: logId }, data: { deliveryId }, select: { id: true } })),
    );
  }

  /** Gives a claim back (the send was refused before any delivery existed), so a later run may try again. */
  async release(logId: string): Promise<void> {
    await this.db.client.reminderLog.deleteMany({ where: { id: logId, deliveryId: null } });
  }

  /** A new run; null when `lockKey` is taken (another replica runs that day's job). */
  async createRun(run: NewRun): Promise<string | null> {
    try {
      const row = await this.db.client.reminderRun.create({
        data: { ...run, status: 'running', summary: JSON.stringify(emptyTally()) },
        select: { id: true },
      });
      return row.id;
    } catch (err) {
      if (run.lockKey && isUniqueViolation(err)) return null;
      throw err;
    }
  }

  async saveProgress(id: string, progress: { total: number; processed: number; tally: RunTally }): Promise<void> {
    await this.db.client.reminderRun.update({
      where: { id },
      data: { total: progress.total, processed: progress.processed, summary: JSON.stringify(progress.tally) },
    });
  }

  async finishRun(
    id: string,
    end: { status: 'finished' | 'failed'; total: number; processed: number; tally: RunTally; error: string | null; finishedAt: Date },
  ): Promise<void> {
    await this.db.client.reminderRun.update({
      where: { id },
      data: {
        status: end.status, total: end.total, processed: end.processed,
        summary: JSON.stringify(end.tally), error: end.error, finishedAt: end.finishedAt,
      },
    });
  }

  async findRun(id: string): Promise<(ReminderRunSummary & { error: string | null }) | null> {
    const row = await this.db.client.reminderRun.findUnique({ where: { id } });
    if (!row) return null;
    const tally = row.summary ? (JSON.parse(row.summary) as RunTally) : emptyTally();
    return {
      runId: row.id,
      trigger: row.trigger as ReminderRunSummary['trigger'],
      asOf: row.asOf,
      status: row.status as ReminderRunSummary['status'],
      processed: row.processed,
      total: row.total,
      sent: tally.sent,
      skipped: tally.skipped,
      failed: tally.failed,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      error: row.error,
    };
  }
}

export function emptyTally(): RunTally {
  return { sent: [], skipped: [], failed: [] };
}

/**
 * Invoices (and debit notes) owing at least the minimum, due within the
 * band, that had neither this step nor a later one, nor a reminder that day.
 * A credit note is never owed (its stored balance is 0, and it is excluded by kind).
 */
function dueWhere(band: DueBand, minBalanceCents: bigint, sentOn: string): Prisma.InvoiceWhereInput {
  return {
    kind: { not: 'NOTA_CREDITO' },
    balanceCents: { gte: minBalanceCents > 0n ? minBalanceCents : 1n },
    dueDate: { lte: band.dueOnOrBefore, ...(band.dueAfter ? { gt: band.dueAfter } : {}) },
    reminders: { none: { OR: [{ step: { gte: band.step } }, { sentOn }] } },
  };
}
