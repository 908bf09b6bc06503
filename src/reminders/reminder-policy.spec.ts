import { daysBetween } from '../common/calendar-date';
import { dueDateBands, latestStepReached, toneOf } from './reminder-policy';

const STEPS = [-3, 1, 7, 15, 30];

describe('reminder policy', () => {
  it('takes only the latest step reached, counting calendar days after the due date', () => {
    expect(latestStepReached(STEPS, '2026-11-10', '2026-11-06')).toBeNull();
    expect(latestStepReached(STEPS, '2026-11-10', '2026-11-07')).toBe(-3);
    expect(latestStepReached(STEPS, '2026-11-10', '2026-11-10')).toBe(-3);
    expect(latestStepReached(STEPS, '2026-11-10', '2026-11-11')).toBe(1);
    expect(latestStepReached(STEPS, '2026-11-10', '2026-11-16')).toBe(1);
    expect(latestStepReached(STEPS, '2026-11-10', '2026-11-17')).toBe(7);
    // 40 days overdue: the 30-day step alone.
    expect(latestStepReached(STEPS, '2026-10-01', '2026-11-10')).toBe(30);
  });

  it('splits due dates into one band per step that agrees with latestStepReached', () => {
    const asOf = '2026-03-02';
    const bands = dueDateBands(STEPS, asOf);
    expect(bands[0]).toEqual({ step: -3, dueAfter: '2026-03-01', dueOnOrBefore: '2026-03-05' });
    expect(bands.at(-1)).toEqual({ step: 30, dueAfter: null, dueOnOrBefore: '2026-01-31' });
    for (let offset = -10; offset <= 60; offset++) {
      const due = new Date(Date.UTC(2026, 2, 2 - offset)).toISOString().slice(0, 10);
      expect(daysBetween(due, asOf)).toBe(offset);
      const band = bands.find((b) => due <= b.dueOnOrBefore && (b.dueAfter === null || due > b.dueAfter));
      expect(band?.step ?? null).toBe(latestStepReached(STEPS, due, asOf));
    }
  });

  it('is friendly before the due date and at the first step, final at the last, firm between', () => {
    expect(STEPS.map((s) => toneOf(s, STEPS))).toEqual(['friendly', 'friendly', 'firm', 'firm', 'final']);
    expect(toneOf(5, [5])).toBe('friendly');
  });
});
