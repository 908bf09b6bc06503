import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Clock } from '../common/clock';
import { DeliveryEventsService } from './delivery-events.service';
import { mapSendgridEvents } from './sendgrid-event.mapper';
import { SendgridWebhookVerifier } from './sendgrid-webhook.verifier';

/** SendGrid's signed Event Webhook: delivery, bounce, open… update our deliveries. */
@ApiExcludeController()
@Controller('webhooks/sendgrid')
export class SendgridWebhookController {
  constructor(
    private readonly verifier: SendgridWebhookVerifier,
    private readonly deliveryEvents: DeliveryEventsService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() req: RawBodyRequest<Request>) {
    // A batch may be megabytes: parsing it, checking its signature and reading
    // its events are each a long step of their own; other requests get in between.
    await yieldToEventLoop();
    this.verifier.verify(req.rawBody, req.headers, this.clock.now());
    await yieldToEventLoop();
    const changes = mapSendgridEvents(req.body);
    await yieldToEventLoop();
    const updated = await this.deliveryEvents.apply(changes);
    return { received: true, updated };
  }
}
