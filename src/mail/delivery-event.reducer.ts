import type { DeliveryEventChange } from './deliveries.repository';
import type { DeliveryStatus } from './delivery.record';

// From which statuses an event may move a delivery. "delivered" also rescues
// a queued or failed row (SendGrid took a mail whose answer we never got), but
// never undoes a bounce; a bounce wins over an earlier "delivered" (another
// recipient of the same mail).
export const MOVES_FROM: Record<'delivered' | 'bounced', DeliveryStatus[]> = {
  delivered: ['queued', 'sent', 'failed'],
  bounced: ['queued', 'sent', 'delivered', 'failed'],
};

/** What a run of events does to one delivery; null fields are left as they are. */
export interface DeliveryUpdate {
  /** Set when the events moved the delivery to another status. */
  status: 'delivered' | 'bounced' | null;
  /** Only meaningful with a status: the bounce reason, or null to clear an old error. */
  error: string | null;
  lastEvent: string | null;
  note: string | null;
}

/**
 * The events of one batch that concern one delivery, in order, reduced to a
 * single update, as if each had been applied in turn to a row in `status`:
 * an event that cannot move the row from where it is by then changes nothing
 * (not even lastEvent), any other sets lastEvent, a deferral leaves a note.
 * Returns null when nothing changes. Pure, so a batch of thousands of events
 * costs one read and a few set-based writes instead of one query per event.
 */
export function reduceDeliveryEvents(status: DeliveryStatus, events: DeliveryEventChange[]): DeliveryUpdate | null {
  let current = status;
  const update: DeliveryUpdate = { status: null, error: null, lastEvent: null, note: null };
  for (const event of events) {
    if (event.status) {
      if (!MOVES_FROM[event.status].includes(current)) continue;
      current = event.status;
      update.status = event.status;
      update.error = event.status === 'bounced' ? (event.error ?? null) : null;
    }
    update.lastEvent = event.lastEvent;
    if (event.note && !event.status) update.note = event.note;
  }
  return update.lastEvent === null ? null : update;
}
