import { createHash } from 'node:crypto';
import type { SendRequest } from './send-request';

/**
 * Every caller's idempotency key, built here so they never collide: the
 * same key means "the same request, send it once".
 */
export const idempotencyKeys = {
  /** The REST API's Idempotency-Key header. */
  api: (header: string) => `api:${header}`,
  /** A Slack modal submission: a double submit carries the same view id. */
  slack: (viewId: string) => `slack:${viewId}`,
  /** Sending on save happens once per invoice, whichever replica hears the event. */
  autosend: (invoiceId: string) => `autosend:${invoiceId}`,
  /** One reminder per invoice and step. */
  reminder: (invoiceId: string, step: number) => `reminder:${invoiceId}:${step}`,
};

/**
 * What makes two requests "the same" under one key: what they ask to send,
 * not who asked or when. A key reused for anything else is refused.
 */
export function requestFingerprint(request: SendRequest): string {
  const canonical = [
    request.invoiceId,
    request.reminder?.step ?? null,
    request.fromName ?? null,
    request.to ?? null,
    request.template ?? null,
    request.subject ?? null,
    request.message ?? null,
    request.copyTo ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
