import { backoffCeilingMs, nextRetryDelayMs, RetryPolicy } from './retry-policy';

const always = (value: number) => () => value;
const HOUR = 3_600_000;
const policy: RetryPolicy = { baseMs: 2_000, maxDelayMs: HOUR, giveUpAfterMs: 24 * HOUR };

describe('nextRetryDelayMs', () => {
  it('starts within seconds and doubles the ceiling after each attempt', () => {
    const ceilings = [1, 2, 3, 4].map((attempt) => nextRetryDelayMs(attempt, null, 0, policy, always(0.999999)));
    expect(ceilings).toEqual([2_000, 4_000, 8_000, 16_000].map((ms) => Math.floor(ms * 0.999999)));
  });

  it('waits a random share of the ceiling (full jitter)', () => {
    expect(nextRetryDelayMs(3, null, 0, policy, always(0.5))).toBe(4_000);
    expect(nextRetryDelayMs(3, null, 0, policy, always(0))).toBe(0);
  });

  it('lets the waits grow to the configured maximum and no further', () => {
    expect(backoffCeilingMs(11, policy)).toBe(2_048_000);
    expect(backoffCeilingMs(12, policy)).toBe(HOUR);
    expect(backoffCeilingMs(2_000, policy)).toBe(HOUR);
    expect(backoffCeilingMs(20, { baseMs: 2_000, maxDelayMs: 1_000 })).toBe(1_000);
  });

  it('keeps retrying through an outage of hours, and gives up once the configured time has passed', () => {
    expect(nextRetryDelayMs(40, null, 10 * HOUR, policy, always(0.5))).toBe(HOUR / 2);
    expect(nextRetryDelayMs(40, null, 24 * HOUR, policy, always(0.5))).toBeNull();
    expect(nextRetryDelayMs(1, null, 5_000, { ...policy, giveUpAfterMs: 5_000 }, always(0.5))).toBeNull();
  });

  it('never schedules an attempt after the give-up time', () => {
    expect(nextRetryDelayMs(40, null, 24 * HOUR - 60_000, policy, always(0.9))).toBe(60_000);
  });

  it('honours a longer Retry-After, even beyond the maximum wait', () => {
    expect(nextRetryDelayMs(1, 60_000, 0, policy, always(0.5))).toBe(60_000);
    expect(nextRetryDelayMs(1, 2 * HOUR, 0, policy, always(0.5))).toBe(2 * HOUR);
  });

  it('keeps the backoff when Retry-After asks for less', () => {
    expect(nextRetryDelayMs(4, 1_000, 0, policy, always(0.5))).toBe(8_000);
  });

  it('treats a nonsensical attempt number as the first', () => {
    expect(nextRetryDelayMs(0, null, 0, policy, always(0.5))).toBe(1_000);
  });
});
