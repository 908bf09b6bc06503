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

/**
 * The same judgement on JSON text, byte by byte: brackets outside strings.
 * Linear and allocation-free, for bodies of megabytes (a SendGrid batch).
 * UTF-8 never puts an ASCII byte inside a multi-byte character, so bytes are safe.
 */
export function textDepthExceeds(json: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > max) return true;
    } else if (byte === 0x5d || byte === 0x7d) {
      depth--;
    }
  }
  return false;
}
