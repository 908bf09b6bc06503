import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppError } from '../common/app-error';
import { messages } from '../common/messages';
import { parseInvoiceNumber } from './invoice-number.parser';
import type { Response } from 'express';
import { ApiTokenGuard } from '../common/api-token.guard';
import { InvoiceBody, PaymentBody } from './invoice.dto';
import { toInvoiceResponse } from './invoice.response';
import { InvoicesService } from './invoices.service';
import { InvoiceLedgerService } from './invoice-ledger.service';
import { MAX_PAGE_SIZE, parseInvoiceListQuery, single } from './invoice-list.query';
import { InvoiceListResponse, toInvoiceListResponse } from './ledger.response';

@ApiTags('invoices')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('api/invoices')
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly ledger: InvoiceLedgerService,
  ) {}

  @Post()
  async create(@Body() body: InvoiceBody) {
    return toInvoiceResponse(await this.invoices.create(body));
  }

  /**
   * With `number`: every invoice a typed number can mean ("0001-123",
   * "B 1-123", "FB-0001-123"). Without it: the listing, newest first, by
   * filters and cursor pages.
   */
  @Get()
  @ApiOperation({
    summary: 'Find invoices by a typed number, or list them by filters',
    description:
      'With `number` alone: every invoice that number can mean, with items and payments. Otherwise a page of ' +
      'summaries (newest first) filtered by customer, status, due and issue dates; follow `nextCursor`. ' +
      'Unknown, repeated or malformed parameters are a 400 naming the parameter in `error.field`.',
  })
  @ApiQuery({ name: 'number', required: false, example: 'B 0001-123', description: 'A typed invoice number; not combined with the filters' })
  @ApiQuery({ name: 'customerRef', required: false, example: 'donpepe', description: 'Only this customer (404 when unknown)' })
  @ApiQuery({ name: 'status', required: false, enum: ['pagada', 'pendiente', 'vencida'], description: 'By balance and due date as of today (APP_TIMEZONE)' })
  @ApiQuery({ name: 'dueBefore', required: false, example: '2024-06-01', description: 'Due strictly before this date (YYYY-MM-DD)' })
  @ApiQuery({ name: 'issuedFrom', required: false, example: '2024-01-01', description: 'Issued on or after (YYYY-MM-DD)' })
  @ApiQuery({ name: 'issuedTo', required: false, example: '2024-12-31', description: 'Issued on or before (YYYY-MM-DD)' })
  @ApiQuery({ name: 'limit', required: false, example: 50, description: `Page size, 1 to ${MAX_PAGE_SIZE} (default 50)` })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor or previousCursor of a page' })
  @ApiOkResponse({ type: InvoiceListResponse, description: 'The listing (without `number`)' })
  async find(@Query() query: Record<string, unknown>) {
    if (query.number === undefined) return toInvoiceListResponse(await this.ledger.list(parseInvoiceListQuery(query)));
    if (Object.keys(query).length > 1) throw AppError.badRequest('invalid_query', messages.invoiceList.numberWithFilters, 'number');
    const number = single(query.number, 'number') ?? '';
    const parsed = parseInvoiceNumber(number);
    if (!parsed) {
      throw AppError.badRequest('invalid_invoice_number', `"${number}" no es un número de comprobante (p. ej. 0001-00000123 o B 1-123).`);
    }
    return { invoices: (await this.invoices.findCandidates(parsed)).map(toInvoiceResponse) };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    return toInvoiceResponse(await this.invoices.get(id));
  }

  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  async pdf(@Param('id') id: string, @Res() res: Response) {
    const pdf = await this.invoices.pdf(id);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="${pdf.fileName}"`)
      .setHeader('Cache-Control', 'private, no-store')
      .end(pdf.bytes);
  }

  @Post(':id/payments')
  @HttpCode(201)
  async addPayment(@Param('id') id: string, @Body() body: PaymentBody) {
    return toInvoiceResponse(await this.invoices.addPayment(id, body));
  }
}
