import { backoffCeilingMs, BACKOFF_BASE_MS, BACKOFF_CAP_MS, MAX_ATTEMPTS, nextRetryDelayMs } from './retry-policy';

const always = (value: number) => () => value;

describe('nextRetryDelayMs', () => {
  it('allows five attempts in all', () => {
    expect(MAX_ATTEMPTS).toBe(5);
  });

  it('doubles the ceiling of the wait after each attempt, from 2 s', () => {
    const ceilings = [1, 2, 3, 4].map((attempt) => nextRetryDelayMs(attempt, null, always(0.999999)));
    expect(ceilings).toEqual([2_000, 4_000, 8_000, 16_000].map((ms) => Math.floor(ms * 0.999999)));
    expect(BACKOFF_BASE_MS).toBe(2_000);
  });

  it('waits a random share of the ceiling (full jitter)', () => {
    expect(nextRetryDelayMs(3, null, always(0.5))).toBe(4_000);
    expect(nextRetryDelayMs(3, null, always(0))).toBe(0);
  });

  it('never lets the ceiling pass 5 minutes, however many attempts are allowed', () => {
    expect(BACKOFF_CAP_MS).toBe(300_000);
    expect(backoffCeilingMs(8)).toBe(256_000);
    expect(backoffCeilingMs(9)).toBe(300_000);
    expect(backoffCeilingMs(2_000)).toBe(300_000);
  });

  it('honours a longer Retry-After', () => {
    expect(nextRetryDelayMs(1, 60_000, always(0.5))).toBe(60_000);
  });

  it('keeps the backoff when Retry-After asks for less', () => {
    expect(nextRetryDelayMs(4, 1_000, always(0.5))).toBe(8_000);
  });

  it('honours a Retry-After beyond the backoff cap (the provider knows when it can take more)', () => {
    expect(nextRetryDelayMs(1, 600_000, always(0.5))).toBe(600_000);
  });

  it('gives up after the last attempt', () => {
    expect(nextRetryDelayMs(MAX_ATTEMPTS - 1, null, always(0.5))).not.toBeNull();
    expect(nextRetryDelayMs(MAX_ATTEMPTS, null, always(0.5))).toBeNull();
    expect(nextRetryDelayMs(MAX_ATTEMPTS + 3, 1_000, always(0.5))).toBeNull();
  });

  it('treats a nonsensical attempt number as the first', () => {
    expect(nextRetryDelayMs(0, null, always(0.5))).toBe(1_000);
  });

  it('uses Math.random by default', () => {
    const delay = nextRetryDelayMs(2, null)!;
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(4_000);
    expect(Number.isInteger(delay)).toBe(true);
  });
});
