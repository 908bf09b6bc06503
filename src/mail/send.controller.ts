import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiTokenGuard } from '../common/api-token.guard';
import { AppError } from '../common/app-error';
import { messages } from '../common/messages';
import { toDeliveryResponse } from './delivery.response';
import { idempotencyKeys } from './idempotency-key';
import { SendBody } from './send.dto';
import { SendInvoiceService } from './send-invoice.service';

/** The API answers once the first attempt is over, when that takes at most this long. */
const FIRST_ATTEMPT_WAIT_MS = 5_000;

@ApiTags('sending')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('api')
export class SendController {
  constructor(private readonly sender: SendInvoiceService) {}

  /**
   * 202 with the delivery after its first attempt (or still queued when
   * SendGrid is slow). A repeated Idempotency-Key with the same body returns
   * the first delivery and sends nothing; with another body it is a 422.
   */
  @Post('invoices/:id/send')
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async send(@Param('id') id: string, @Body() body: SendBody, @Headers('idempotency-key') key?: string) {
    if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw AppError.badRequest('invalid_idempotency_key', messages.send.invalidIdempotencyKey);
    }
    const { delivery } = await this.sender.send(
      { invoiceId: id, ...body, idempotencyKey: key ? idempotencyKeys.api(key) : null, requestedBy: 'api' },
      { waitMs: FIRST_ATTEMPT_WAIT_MS },
    );
    return toDeliveryResponse(delivery);
  }

  /** The dialog's defaults: what an empty POST would send, and the "last used" draft when there is one. */
  @Get('invoices/:id/send')
  defaults(@Param('id') id: string) {
    return this.sender.defaults(id);
  }

  @Get('deliveries')
  @ApiQuery({ name: 'invoiceId', required: true })
  async list(@Query('invoiceId') invoiceId?: string) {
    if (!invoiceId) throw AppError.badRequest('missing_invoice_id', 'Indique invoiceId.', 'invoiceId');
    return { deliveries: (await this.sender.listDeliveries(invoiceId)).map(toDeliveryResponse) };
  }
}
