/** Deeper than any body of ours (an invoice is 3 levels, a SendGrid event 4). */
export const MAX_BODY_DEPTH = 32;

/**
 * Whether `value` nests arrays or objects more than `max` levels deep.
 * Iterative, so a hostile "[[[[…" cannot exhaust the stack here the way it
 * does in recursive walkers (class-transformer) if they ever see it.
 */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
