import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DateTime } from 'luxon';
import { AppError } from '../common/app-error';
import { todayIn } from '../common/calendar-date';
import { Clock } from '../common/clock';
import { toCentsInteger } from '../common/decimal';
import { formatDateAr } from '../common/format';
import { messages } from '../common/messages';
import { AppConfig } from '../config/app-config';
import { formatInvoiceNumber } from '../invoices/invoice-number.parser';
import { DOCUMENT_NAMES } from '../invoices/voucher';
import { idempotencyKeys } from '../mail/idempotency-key';
import { SendInvoiceService } from '../mail/send-invoice.service';
import { BusinessCalendar } from './business-calendar';
import { ReminderRunFinishedEvent, ReminderRunSummary } from './reminder-run.summary';
import { ReminderRunTally } from './reminder-run.tally';
import { dueDateBands, toneOf } from './reminder-policy';
import { DueBand, ReminderCandidate, RemindersRepository } from './reminders.repository';

/** Invoices read per query: memory stays flat however many are due. */
const PAGE_SIZE = 200;
/** Sends prepared at once (validation, PDF, queued delivery); the dispatcher bounds the e-mails themselves. */
const SEND_CONCURRENCY = 8;
const LOG_EVERY = 1_000;

interface RunContext {
  runId: string;
  trigger: ReminderRunSummary['trigger'];
  asOf: string;
  /** The real business day: one reminder per invoice per day, and "sent manually today". */
  today: string;
  startedAt: Date;
}

export interface StartedRun {
  runId: string;
  finished: Promise<ReminderRunSummary>;
}

/**
 * The reminders job. For every invoice owing money whose latest step it has
 * not had yet, one reminder through the send use case. Exactly once across
 * replicas: a reminder-log row per invoice and step (and per invoice and
 * day) is inserted before the send, and only the run whose insert succeeds
 * sends; a delivery that fails afterwards is retried by the dispatcher under
 * the same idempotency key, never claimed again.
 */
@Injectable()
export class RemindersService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private readonly active = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly repo: RemindersRepository,
    private readonly calendar: BusinessCalendar,
    private readonly sender: SendInvoiceService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * The scheduled run for the business day of `now`: nothing on weekends and
   * holidays, and only in the replica whose run takes that day's lock.
   */
  async runDue(now: Date): Promise<ReminderRunSummary | null> {
    const today = todayIn(this.config.timezone, now);
    const notBusiness = this.whyNotBusinessDay(today);
    if (notBusiness) {
      this.logger.log({ asOf: today, reason: notBusiness }, 'no reminders today: not a business day');
      return null;
    }
    const runId = await this.repo.createRun({ trigger: 'cron', asOf: today, lockKey: `cron:${today}`, startedAt: now });
    if (!runId) {
      this.logger.log({ asOf: today }, "another replica took today's reminders run");
      return null;
    }
    return this.track(this.execute({ runId, trigger: 'cron', asOf: today, today, startedAt: now }));
  }

  /**
   * A run asked through the API, as of `asOf` (default today): a past
   * business day catches up a day the service was down.
   */
  async start(asOf?: string): Promise<StartedRun> {
    const now = this.clock.now();
    const today = todayIn(this.config.timezone, now);
    const day = asOf ?? today;
    if (day > today) throw AppError.unprocessable('future_as_of', messages.reminders.futureAsOf(day, today), 'asOf');
    const notBusiness = this.whyNotBusinessDay(day);
    if (notBusiness) {
      throw AppError.unprocessable('not_business_day', messages.reminders.notBusinessDay(formatDateAr(day, '-'), notBusiness), 'asOf');
    }
    const runId = (await this.repo.createRun({ trigger: 'api', asOf: day, lockKey: null, startedAt: now }))!;
    return { runId, finished: this.track(this.execute({ runId, trigger: 'api', asOf: day, today, startedAt: now })) };
  }

  async getRun(id: string): Promise<ReminderRunSummary & { error: string | null }> {
    const run = await this.repo.findRun(id);
    if (!run) throw AppError.notFound('reminder_run_not_found', messages.reminders.runNotFound(id));
    return run;
  }

  /** Runs stop after the page they are on and record themselves as interrupted; claims taken stay honoured. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.active]);
  }

  private track<T>(run: Promise<T>): Promise<T> {
    this.active.add(run);
    void run.finally(() => this.active.delete(run)).catch(() => undefined);
    return run;
  }

  private async execute(run: RunContext): Promise<ReminderRunSummary> {
    const steps = this.config.reminders.steps;
    const minCents = toCentsInteger(this.config.reminders.minBalance);
    const bands = dueDateBands(steps, run.asOf);
    const tally = new ReminderRunTally();
    let total = 0;
    let processed = 0;
    let error: string | null = null;
    this.logger.log({ runId: run.runId, trigger: run.trigger, asOf: run.asOf }, 'reminders run started');
    try {
      for (const band of bands) total += await this.repo.countDue(band, minCents, run.today);
      await this.repo.saveProgress(run.runId, { total, processed, tally: tally.toJSON() });
      let nextLog = LOG_EVERY;
      for (const band of bands) {
        for await (const page of this.pages(band, minCents, run.today)) {
          if (this.stopping) throw new Error(messages.reminders.interrupted);
          await this.remindPage(page, band.step, run, tally);
          processed += page.length;
          total = Math.max(total, processed);
          await this.repo.saveProgress(run.runId, { total, processed, tally: tally.toJSON() });
          for (; processed >= nextLog; nextLog += LOG_EVERY) {
            this.logger.log({ runId: run.runId, processed, total, sent: tally.sentCount }, `reminders: ${processed} of ${total} invoices`);
          }
        }
      }
    } catch (err) {
      error = (err as Error).message;
      this.logger.error({ err, runId: run.runId }, 'reminders run failed');
    }
    const finishedAt = this.clock.now();
    const status = error ? 'failed' : 'finished';
    // Never rejects: an async run has nobody awaiting it, and the summary is still worth posting.
    await this.repo
      .finishRun(run.runId, { status, total, processed, tally: tally.toJSON(), error, finishedAt })
      .catch((err) => this.logger.error({ err, runId: run.runId }, 'could not record the end of a reminders run'));
    const summary: ReminderRunSummary = {
      runId: run.runId, trigger: run.trigger, asOf: run.asOf, status, processed, total,
      ...tally.toJSON(), startedAt: run.startedAt, finishedAt,
    };
    this.logger.log({ runId: run.runId, status, processed, total, sent: tally.sentCount, skipped: summary.skipped.length, failed: summary.failed.length }, 'reminders run ended');
    this.events.emit(ReminderRunFinishedEvent.NAME, new ReminderRunFinishedEvent(summary));
    return summary;
  }

  /** A band's due invoices a page at a time (keyset), so memory does not grow with their number. */
  private async *pages(band: DueBand, minCents: bigint, sentOn: string): AsyncGenerator<ReminderCandidate[]> {
    let after: { dueDate: string; id: string } | null = null;
    for (;;) {
      const page = await this.repo.duePage(band, minCents, sentOn, after, PAGE_SIZE);
      if (page.length === 0) return;
      yield page;
      const last = page[page.length - 1];
      after = { dueDate: last.dueDate, id: last.id };
      if (page.length < PAGE_SIZE) return;
    }
  }

  private async remindPage(page: ReminderCandidate[], step: number, run: RunContext, tally: ReminderRunTally): Promise<void> {
    const startOfToday = DateTime.fromISO(run.today, { zone: this.config.timezone }).startOf('day').toJSDate();
    const manual = await this.repo.sentManuallySince(page.map((c) => c.id), startOfToday);
    const links: { logId: string; deliveryId: string }[] = [];
    await forEachBounded(page, SEND_CONCURRENCY, async (invoice) => {
      const link = await this.remind(invoice, step, run, tally, manual.has(invoice.id));
      if (link) links.push(link);
    });
    await this.repo.attachDeliveries(links);
  }

  /** One invoice: skipped, claimed and sent, or claimed, refused and given back. Returns the claim and its delivery when sent. */
  private async remind(
    invoice: ReminderCandidate,
    step: number,
    run: RunContext,
    tally: ReminderRunTally,
    sentManually: boolean,
  ): Promise<{ logId: string; deliveryId: string } | null> {
    const ref = {
      invoiceId: invoice.id,
      document: messages.reminders.document(DOCUMENT_NAMES[invoice.kind], invoice.letter, formatInvoiceNumber(invoice.pointOfSale, invoice.number)),
      customerName: invoice.customerName,
    };
    if (!invoice.customerEmail?.trim()) {
      tally.skip(ref, 'no_email');
      return null;
    }
    if (sentManually) {
      tally.skip(ref, 'sent_manually_today');
      return null;
    }
    const logId = await this.repo.claim({ invoiceId: invoice.id, step, asOf: run.asOf, sentOn: run.today, runId: run.runId });
    // Another run, here or in another replica, holds this step (or reminded the invoice today).
    if (!logId) return null;
    try {
      const { delivery } = await this.sender.send({
        invoiceId: invoice.id,
        reminder: { step, tone: toneOf(step, this.config.reminders.steps) },
        idempotencyKey: idempotencyKeys.reminder(invoice.id, step),
        requestedBy: 'reminder',
      }, { keyIsNew: true });
      tally.sent(step);
      return { logId, deliveryId: delivery.id };
    } catch (err) {
      // Refused before any delivery existed (bad data, no PDF): the claim is
      // given back so a run after the fix sends it, and the run reports it.
      await this.repo.release(logId).catch((e) => this.logger.error({ err: e, invoiceId: invoice.id }, 'could not release a reminder claim'));
      const known = err instanceof AppError;
      if (!known) this.logger.error({ err, invoiceId: invoice.id, step }, 'reminder send crashed');
      tally.fail(ref, step, known ? err.message : messages.reminders.unexpected);
      return null;
    }
  }

  /** Why `date` is no business day ("sábado", the holiday's name), or null when it is one. */
  private whyNotBusinessDay(date: string): string | null {
    if (this.calendar.isBusinessDay(date)) return null;
    return messages.reminders.weekend[DateTime.fromISO(date).weekday] ?? this.calendar.holiday(date);
  }
}

/**
 * Runs `fn` over `items`, at most `limit` at a time. Each item starts on a
 * fresh turn of the event loop: SQLite answers synchronously, so without it
 * a run would be one long chain of microtasks and the process would answer
 * no HTTP request (health checks, the run's own progress) until it ended.
 */
async function forEachBounded<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await new Promise<void>((resolve) => setImmediate(resolve));
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
