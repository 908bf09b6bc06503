/** A send is tried at most this many times, the first included. */
export const MAX_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/** The longest wait after the given attempt (1 = the first one failed). */
export function backoffCeilingMs(attempt: number): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2^exponent overflows to Infinity long before it matters; min() tames it.
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
}

/**
 * How long to wait before trying a send again after `attempt` failed tries,
 * or null when it is time to give up. Full jitter (a uniform share of the
 * exponential ceiling) keeps replicas retrying after the same SendGrid outage
 * from coming back in lockstep; a Retry-After from SendGrid is a floor, never
 * shortened, since coming back earlier only earns another 429.
 */
export function nextRetryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  const backoff = Math.floor(random() * backoffCeilingMs(attempt));
  return Math.max(retryAfterMs ?? 0, backoff);
}
