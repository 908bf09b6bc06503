import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Bytes of JSON to read between two turns of the event loop. */
const SLICE_BYTES = 128 * 1024;

export class JsonTooDeepError extends Error {}

/**
 * Parses a JSON array of megabytes (a SendGrid batch) element by element,
 * yielding to the event loop every SLICE_BYTES, so a single JSON.parse of
 * the whole never holds it for tens of milliseconds. Brackets are counted on
 * the bytes (UTF-8 never puts an ASCII byte inside a multi-byte character);
 * each top-level element is handed to JSON.parse, which judges its syntax.
 * Throws SyntaxError on anything JSON.parse of the whole would refuse, and
 * JsonTooDeepError past `maxDepth`.
 */
export async function parseJsonArrayInSlices(bytes: Buffer, maxDepth: number): Promise<unknown[]> {
  let at = skipSpace(bytes, 0);
  if (bytes[at] !== 0x5b) throw new SyntaxError('not a JSON array');
  const items: unknown[] = [];
  let depth = 1;
  let inString = false;
  let start = at + 1;
  let nextYield = at + SLICE_BYTES;
  for (at = at + 1; at < bytes.length; at++) {
    if (at >= nextYield) {
      nextYield = at + SLICE_BYTES;
      await yieldToEventLoop();
    }
    const byte = bytes[at];
    if (inString) {
      if (byte === 0x5c) at++;
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > maxDepth) throw new JsonTooDeepError();
    } else if (byte === 0x5d || byte === 0x7d) {
      if (--depth === 0) break;
    } else if (byte === 0x2c && depth === 1) {
      items.push(parseElement(bytes, start, at));
      start = at + 1;
    }
  }
  if (depth !== 0) throw new SyntaxError('unterminated JSON array');
  // The last element, unless the array is empty: "[]" and "[ ]", but not "[1,]".
  if (items.length > 0 || skipSpace(bytes, start) < at) items.push(parseElement(bytes, start, at));
  if (skipSpace(bytes, at + 1) !== bytes.length) throw new SyntaxError('text after the JSON array');
  return items;
}

function parseElement(bytes: Buffer, start: number, end: number): unknown {
  return JSON.parse(bytes.toString('utf8', start, end));
}

/** The index of the first byte from `from` that is not JSON whitespace (bytes.length when none). */
export function skipSpace(bytes: Buffer, from: number): number {
  let at = from;
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09)) at++;
  return at;
}
