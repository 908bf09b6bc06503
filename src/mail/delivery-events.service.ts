import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DeliveriesRepository, DeliveryEventChange } from './deliveries.repository';
import { DeliveryEvent } from './delivery.events';

/** Events per transaction: small enough that other requests get the database and the event loop in between. */
const CHUNK = 200;

/** Applies SendGrid's events to deliveries and tells the rest of the app what changed. */
@Injectable()
export class DeliveryEventsService {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * A batch may hold tens of thousands of events: applied in chunks, each one
   * transaction, yielding between them so health checks and sends keep
   * answering while it runs. Returns how many deliveries changed status.
   */
  async apply(changes: DeliveryEventChange[]): Promise<number> {
    let changed = 0;
    for (let at = 0; at < changes.length; at += CHUNK) {
      if (at > 0) await yieldToEventLoop();
      for (const delivery of await this.deliveries.applyEvents(changes.slice(at, at + CHUNK))) {
        changed++;
        const name = delivery.status === 'bounced' ? DeliveryEvent.BOUNCED : DeliveryEvent.DELIVERED;
        this.events.emit(name, new DeliveryEvent(delivery));
      }
    }
    return changed;
  }
}
