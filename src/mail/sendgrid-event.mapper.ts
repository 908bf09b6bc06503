import { AppError } from '../common/app-error';
import type { DeliveryStatus } from './delivery.record';

export type EventStatus = Extract<DeliveryStatus, 'delivered' | 'bounced'>;

/**
 * What one SendGrid event means for a delivery. Find the delivery by
 * `deliveryId` (our custom_args, present on every event of mail we sent) and
 * else by `providerMessageId` (the X-Message-Id the transport returned).
 */
export interface DeliveryEventUpdate {
  deliveryId: string | null;
  providerMessageId: string | null;
  /** sg_event_id: SendGrid posts at least once, so the same event may come twice. */
  eventId: string | null;
  /** The recipient the event is about (a delivery may have several). */
  email: string | null;
  occurredAt: Date | null;
  /** SendGrid's event name, as is. */
  lastEvent: string;
  status?: EventStatus;
  /** Why it did not arrive, in Spanish, for the delivery's error field. */
  error?: string;
  /** Worth showing but changes nothing (a deferral). */
  note?: string;
}

/** The events of one webhook post, in order, minus those naming no message. */
export function mapSendgridEvents(payload: unknown): DeliveryEventUpdate[] {
  if (!Array.isArray(payload)) {
    throw AppError.badRequest('invalid_payload', 'El webhook de SendGrid debe enviar una lista de eventos.');
  }
  return payload.map(mapSendgridEvent).filter((u): u is DeliveryEventUpdate => u !== null);
}

export function mapSendgridEvent(raw: unknown): DeliveryEventUpdate | null {
  if (!raw || typeof raw !== 'object') return null;
  const e = raw as Record<string, unknown>;
  const event = text(e.event);
  const deliveryId = text(e.delivery_id);
  const sgMessageId = text(e.sg_message_id);
  if (!event || (!deliveryId && !sgMessageId)) return null;

  const email = text(e.email);
  const update: DeliveryEventUpdate = {
    deliveryId,
    providerMessageId: sgMessageId ? messageIdFromSgMessageId(sgMessageId) : null,
    eventId: text(e.sg_event_id),
    email,
    occurredAt: typeof e.timestamp === 'number' ? new Date(e.timestamp * 1000) : null,
    lastEvent: event,
  };
  const who = email ? ` (${email})` : '';
  const why = (value: unknown) => (text(value) ? `: ${text(value)}` : '');

  switch (event) {
    case 'delivered':
      return { ...update, status: 'delivered' };
    case 'bounce':
      return {
        ...update,
        status: 'bounced',
        error: `${e.type === 'blocked' ? 'Bloqueado' : 'Rebotado'}${who}${why(e.reason)}`,
      };
    case 'dropped':
      // SendGrid would not even try (the address bounced before, unsubscribed,
      // reported spam, is malformed). For the finance team it is the same as a
      // bounce, and fixed the same way: another address for the customer.
      // "failed" stays for sends that never got to SendGrid.
      return { ...update, status: 'bounced', error: `Descartado por SendGrid${who}${why(e.reason)}` };
    case 'deferred': {
      // The receiving server said "later"; SendGrid keeps retrying for up to
      // 72 hours, so the delivery is still on its way.
      const attempt = text(e.attempt) ?? (typeof e.attempt === 'number' ? String(e.attempt) : null);
      return {
        ...update,
        note: `Demorado por el servidor de destino${attempt ? ` (intento ${attempt})` : ''}${why(e.response)}`,
      };
    }
    default:
      // open, click, spamreport, processed, unsubscribes, and whatever
      // SendGrid adds later: worth showing, no change of status.
      return update;
  }
}

/**
 * SendGrid's events carry sg_message_id = "<X-Message-Id>.<filter and
 * recipient suffix>"; the part before the first dot is what the send returned.
 */
export function messageIdFromSgMessageId(sgMessageId: string): string {
  const dot = sgMessageId.indexOf('.');
  return dot === -1 ? sgMessageId : sgMessageId.slice(0, dot);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
