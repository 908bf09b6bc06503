import { DateTime } from 'luxon';
import { daysBetween } from '../common/calendar-date';
import type { ReminderTone } from '../templates/mail.renderer';

/**
 * Which reminder an invoice is due, from its due date and the day of the
 * run. Steps are calendar days after the due date (negative: before it);
 * only the latest step reached counts, so an invoice first seen 40 days
 * overdue gets the 30-day reminder alone, never the four of them at once.
 */

/** The latest step reached on `asOf` by an invoice due on `dueDate`; null before the first. */
export function latestStepReached(steps: readonly number[], dueDate: string, asOf: string): number | null {
  const days = daysBetween(dueDate, asOf);
  let reached: number | null = null;
  for (const step of steps) if (step <= days) reached = step;
  return reached;
}

/**
 * The due dates whose latest step on `asOf` is each step: step k is the
 * latest for due dates in (asOf − next step, asOf − step]. Each band is one
 * range query on the indexed due date.
 */
export function dueDateBands(steps: readonly number[], asOf: string): { step: number; dueAfter: string | null; dueOnOrBefore: string }[] {
  const day = DateTime.fromISO(asOf, { zone: 'utc' });
  const minus = (n: number) => day.minus({ days: n }).toISODate()!;
  return steps.map((step, i) => ({
    step,
    dueAfter: i + 1 < steps.length ? minus(steps[i + 1]) : null,
    dueOnOrBefore: minus(step),
  }));
}

/**
 * How firm a step's words are: friendly before the due date and for the
 * first step after it, final for the last of several, firm in between.
 */
export function toneOf(step: number, steps: readonly number[]): ReminderTone {
  const after = steps.filter((s) => s > 0);
  if (step <= 0 || step === after[0]) return 'friendly';
  return step === after.at(-1) ? 'final' : 'firm';
}
