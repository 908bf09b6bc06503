import { AppError } from '../common/app-error';
import { messages } from '../common/messages';
import type { DeliveryEventChange } from './deliveries.repository';

/**
 * What each event of one webhook post means for a delivery, in order, minus
 * those naming no message. The delivery is found by `deliveryId` (our
 * custom_args, on every event of mail we sent) and else by
 * `providerMessageId` (the X-Message-Id the transport returned).
 */
export function mapSendgridEvents(payload: unknown): DeliveryEventChange[] {
  if (!Array.isArray(payload)) {
    throw AppError.badRequest('invalid_payload', 'El webhook de SendGrid debe enviar una lista de eventos.');
  }
  return payload.map(mapSendgridEvent).filter((u): u is DeliveryEventChange => u !== null);
}

export function mapSendgridEvent(raw: unknown): DeliveryEventChange | null {
  if (!raw || typeof raw !== 'object') return null;
  const e = raw as Record<string, unknown>;
  const event = text(e.event);
  const deliveryId = text(e.delivery_id);
  const sgMessageId = text(e.sg_message_id);
  if (!event || (!deliveryId && !sgMessageId)) return null;

  const change: DeliveryEventChange = {
    deliveryId,
    providerMessageId: sgMessageId ? messageIdFromSgMessageId(sgMessageId) : null,
    lastEvent: event,
  };
  const who = text(e.email) ?? '';
  const reason = text(e.reason) ?? '';
  switch (event) {
    case 'delivered':
      return { ...change, status: 'delivered' };
    case 'bounce':
      return { ...change, status: 'bounced', error: (e.type === 'blocked' ? messages.delivery.blocked : messages.delivery.bounced)(who, reason) };
    case 'dropped':
      // SendGrid would not even try (the address bounced before, unsubscribed,
      // reported spam, is malformed). For the finance team it is the same as a
      // bounce, and fixed the same way: another address for the customer.
      // "failed" stays for sends that never got to SendGrid.
      return { ...change, status: 'bounced', error: messages.delivery.dropped(who, reason) };
    case 'deferred': {
      // The receiving server said "later"; SendGrid keeps retrying for up to
      // 72 hours, so the delivery is still on its way.
      const attempt = text(e.attempt) ?? (typeof e.attempt === 'number' ? String(e.attempt) : '');
      return { ...change, note: messages.delivery.deferred(attempt, text(e.response) ?? '') };
    }
    default:
      // open, click, spamreport, processed, unsubscribes, and whatever
      // SendGrid adds later: worth showing, no change of status.
      return change;
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
