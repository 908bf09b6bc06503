import type { RunTally } from './reminders.repository';
import type { ReminderInvoiceRef, ReminderSkipReason } from './reminder-run.summary';

/** What one run did so far: reminders queued per step, skips and failures. */
export class ReminderRunTally {
  private readonly sentByStep = new Map<number, number>();
  private readonly skipped: RunTally['skipped'] = [];
  private readonly failed: RunTally['failed'] = [];

  sent(step: number): void {
    this.sentByStep.set(step, (this.sentByStep.get(step) ?? 0) + 1);
  }

  skip(ref: ReminderInvoiceRef, reason: ReminderSkipReason): void {
    this.skipped.push({ ...ref, reason });
  }

  fail(ref: ReminderInvoiceRef, step: number, error: string): void {
    this.failed.push({ ...ref, step, error });
  }

  get sentCount(): number {
    let total = 0;
    for (const count of this.sentByStep.values()) total += count;
    return total;
  }

  toJSON(): RunTally {
    return {
      sent: [...this.sentByStep].sort(([a], [b]) => a - b).map(([step, count]) => ({ step, count })),
      skipped: [...this.skipped],
      failed: [...this.failed],
    };
  }
}
