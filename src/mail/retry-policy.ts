/** When the transport's transient failures (429, 5xx, timeouts) are retried. */
export interface RetryPolicy {
  /** The first wait's ceiling; each failed attempt doubles it. */
  baseMs: number;
  /** No wait is longer than this (a SendGrid Retry-After aside). */
  maxDelayMs: number;
  /** A delivery still failing this long after it was queued fails for good. */
  giveUpAfterMs: number;
}

export const BACKOFF_BASE_MS = 2_000;

/** The longest wait after the given attempt (1 = the first one failed). */
export function backoffCeilingMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxDelayMs'>): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2^exponent overflows to Infinity long before it matters; min() tames it.
  return Math.min(policy.maxDelayMs, policy.baseMs * 2 ** exponent);
}

/**
 * How long to wait before trying a send again after `attempt` failed tries,
 * `elapsedMs` after the delivery was queued, or null when it is time to give
 * up. The first retries come within seconds, so a blip costs little; the
 * waits then grow to `maxDelayMs`, so a SendGrid outage of hours is ridden
 * out. Full jitter (a uniform share of the ceiling) keeps replicas retrying
 * after the same outage from coming back in lockstep; a Retry-After from
 * SendGrid is a floor, since coming back earlier only earns another 429. The
 * last attempt is never later than the give-up time.
 */
export function nextRetryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  elapsedMs: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | null {
  const left = policy.giveUpAfterMs - elapsedMs;
  if (left <= 0) return null;
  const backoff = Math.floor(random() * backoffCeilingMs(attempt, policy));
  return Math.min(left, Math.max(retryAfterMs ?? 0, backoff));
}
