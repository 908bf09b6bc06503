import type { DeliveryEventChange } from './deliveries.repository';
import { reduceDeliveryEvents } from './delivery-event.reducer';

const ev = (lastEvent: string, extra: Partial<DeliveryEventChange> = {}): DeliveryEventChange => ({
  deliveryId: 'd1',
  providerMessageId: null,
  lastEvent,
  ...extra,
});
const delivered = ev('delivered', { status: 'delivered' });
const bounce = (error: string) => ev('bounce', { status: 'bounced', error });

describe('reduceDeliveryEvents: a batch of events as one update, same result as one by one', () => {
  it('moves a sent delivery to delivered and keeps the last event seen', () => {
    expect(reduceDeliveryEvents('sent', [ev('processed'), delivered, ev('open'), ev('click')])).toEqual({
      status: 'delivered',
      error: null,
      lastEvent: 'click',
      note: null,
    });
  });

  it('lets a bounce win over an earlier delivered (another recipient), with its reason', () => {
    expect(reduceDeliveryEvents('sent', [delivered, bounce('550 user unknown')])).toMatchObject({ status: 'bounced', error: '550 user unknown' });
  });

  it('never undoes a bounce: a later delivered changes nothing, not even lastEvent', () => {
    expect(reduceDeliveryEvents('bounced', [delivered])).toBeNull();
    expect(reduceDeliveryEvents('sent', [bounce('x'), delivered])).toMatchObject({ status: 'bounced', lastEvent: 'bounce' });
  });

  it('rescues a failed or queued delivery that SendGrid did take, clearing its error', () => {
    expect(reduceDeliveryEvents('failed', [delivered])).toMatchObject({ status: 'delivered', error: null });
    expect(reduceDeliveryEvents('queued', [delivered])).toMatchObject({ status: 'delivered' });
  });

  it('notes a deferral without moving the delivery; a later note replaces it', () => {
    expect(reduceDeliveryEvents('sent', [ev('deferred', { note: 'try 1' }), ev('deferred', { note: 'try 2' })])).toEqual({
      status: null,
      error: null,
      lastEvent: 'deferred',
      note: 'try 2',
    });
  });

  it('changes nothing when no event applies', () => {
    expect(reduceDeliveryEvents('delivered', [delivered, delivered])).toBeNull();
    expect(reduceDeliveryEvents('sent', [])).toBeNull();
  });
});
