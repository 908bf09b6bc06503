import { isCalendarDate } from '../common/calendar-date';
import type { LedgerPosition } from './ledger';

/**
 * Opaque page cursors: base64url of the sort key of the document a page
 * starts next to. They carry no filter and no customer, so a tampered cursor
 * can only move within what the caller's filters already allow.
 */
export function encodeCursor(position: LedgerPosition): string {
  const { direction, issueDate, number, id } = position;
  return Buffer.from(JSON.stringify([direction === 'after' ? 'a' : 'b', issueDate, number, id])).toString('base64url');
}

/** The position a cursor names, or null when it is not one of ours. */
export function decodeCursor(cursor: string): LedgerPosition | null {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return null;
  const [direction, issueDate, number, id] = parsed as unknown[];
  if (direction !== 'a' && direction !== 'b') return null;
  if (!isCalendarDate(issueDate)) return null;
  if (!Number.isSafeInteger(number) || (number as number) < 0) return null;
  if (typeof id !== 'string' || !/^[\w-]{1,64}$/.test(id)) return null;
  return { direction: direction === 'a' ? 'after' : 'before', issueDate, number: number as number, id };
}
