import { AppError } from '../common/app-error';
import {
  mapSendgridEvent,
  mapSendgridEvents,
  messageIdFromSgMessageId,
} from './sendgrid-event.mapper';

const base = {
  email: 'pagos@donpepe.com.ar',
  timestamp: 1714662000,
  sg_event_id: 'evt-1',
  sg_message_id: 'Lmwv8u9-SQWw9yDLa1iBrw.filterdrecv-5b9b9d5bb-z5jxx-1-63A1F5F5-2B.0',
  delivery_id: 'dlv_1',
  category: ['invoice'],
};

describe('mapSendgridEvent', () => {
  it('marks a delivered mail as delivered', () => {
    expect(mapSendgridEvent({ ...base, event: 'delivered', response: '250 OK' })).toEqual({
      deliveryId: 'dlv_1',
      providerMessageId: 'Lmwv8u9-SQWw9yDLa1iBrw',
      lastEvent: 'delivered',
      status: 'delivered',
    });
  });

  it('marks a bounce as bounced, with the receiving server’s reason', () => {
    const update = mapSendgridEvent({
      ...base,
      event: 'bounce',
      type: 'bounce',
      status: '5.1.1',
      reason: '550 5.1.1 The email account that you tried to reach does not exist.',
    });
    expect(update).toMatchObject({ status: 'bounced', lastEvent: 'bounce' });
    expect(update!.error).toBe(
      'Rebotado (pagos@donpepe.com.ar): 550 5.1.1 The email account that you tried to reach does not exist.',
    );
  });

  it('marks a block (bounce of type blocked) as bounced too', () => {
    const update = mapSendgridEvent({ ...base, event: 'bounce', type: 'blocked', reason: '554 blocked by policy' });
    expect(update).toMatchObject({ status: 'bounced', error: 'Bloqueado (pagos@donpepe.com.ar): 554 blocked by policy' });
  });

  it('marks a drop as bounced: the customer did not get it and the address needs fixing', () => {
    const update = mapSendgridEvent({ ...base, event: 'dropped', reason: 'Bounced Address' });
    expect(update).toMatchObject({
      status: 'bounced',
      lastEvent: 'dropped',
      error: 'Descartado por SendGrid (pagos@donpepe.com.ar): Bounced Address',
    });
  });

  it('keeps the status of a deferred mail but notes why', () => {
    const update = mapSendgridEvent({ ...base, event: 'deferred', attempt: '3', response: '421 try again later' });
    expect(update).not.toHaveProperty('status');
    expect(update).not.toHaveProperty('error');
    expect(update).toMatchObject({
      lastEvent: 'deferred',
      note: 'Demorado por el servidor de destino (intento 3): 421 try again later',
    });
  });

  it.each(['open', 'click', 'spamreport', 'processed', 'unsubscribe', 'group_unsubscribe', 'something_new'])(
    'records %s as the last event only',
    (event) => {
      const update = mapSendgridEvent({ ...base, event });
      expect(update).toMatchObject({ lastEvent: event, deliveryId: 'dlv_1' });
      expect(update).not.toHaveProperty('status');
      expect(update).not.toHaveProperty('error');
    },
  );

  it('falls back on the message id when the delivery id is missing', () => {
    const { delivery_id: _d, ...withoutCustomArgs } = base;
    expect(mapSendgridEvent({ ...withoutCustomArgs, event: 'delivered' })).toMatchObject({
      deliveryId: null,
      providerMessageId: 'Lmwv8u9-SQWw9yDLa1iBrw',
    });
  });

  it('ignores an event that names no message (nothing could match it)', () => {
    expect(mapSendgridEvent({ event: 'delivered', email: 'x@y.com', timestamp: 1 })).toBeNull();
    expect(mapSendgridEvent({ ...base, event: undefined })).toBeNull();
    expect(mapSendgridEvent('nonsense')).toBeNull();
    expect(mapSendgridEvent(null)).toBeNull();
  });

  it('survives missing optional fields', () => {
    const update = mapSendgridEvent({ event: 'bounce', sg_message_id: 'abc.filter1' });
    expect(update).toMatchObject({
      deliveryId: null,
      providerMessageId: 'abc',
      status: 'bounced',
      error: 'Rebotado',
    });
  });
});

describe('mapSendgridEvents', () => {
  it('maps a batch in order, skipping what cannot be matched', () => {
    const updates = mapSendgridEvents([
      { ...base, event: 'processed' },
      { event: 'delivered' },
      { ...base, event: 'delivered', sg_event_id: 'evt-2' },
    ]);
    expect(updates.map((u) => u.lastEvent)).toEqual(['processed', 'delivered']);
  });

  it('refuses a payload that is not a list of events', () => {
    expect(() => mapSendgridEvents({ event: 'delivered' })).toThrow(AppError);
  });
});

describe('messageIdFromSgMessageId', () => {
  it('takes the X-Message-Id SendGrid returned from the longer event id', () => {
    expect(messageIdFromSgMessageId('Lmwv8u9-SQWw9yDLa1iBrw.filterdrecv-5b9b9d5bb-z5jxx-1.0')).toBe(
      'Lmwv8u9-SQWw9yDLa1iBrw',
    );
    expect(messageIdFromSgMessageId('Lmwv8u9-SQWw9yDLa1iBrw')).toBe('Lmwv8u9-SQWw9yDLa1iBrw');
  });
});
