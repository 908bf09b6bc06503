import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppError } from '../common/app-error';
import { parseInvoiceNumber } from './invoice-number.parser';
import type { Response } from 'express';
import { ApiTokenGuard } from '../common/api-token.guard';
import { InvoiceBody, PaymentBody } from './invoice.dto';
import { toInvoiceResponse } from './invoice.response';
import { InvoicesService } from './invoices.service';

@ApiTags('invoices')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('api/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Post()
  async create(@Body() body: InvoiceBody) {
    return toInvoiceResponse(await this.invoices.create(body));
  }

  /** Every invoice a typed number can mean: "0001-123", "B 1-123", "FB-0001-123". */
  @Get()
  @ApiQuery({ name: 'number', required: true, example: 'B 0001-123' })
  async find(@Query('number') number?: string) {
    const query = parseInvoiceNumber(number ?? '');
    if (!query) {
      throw AppError.badRequest('invalid_invoice_number', `"${number ?? ''}" no es un número de comprobante (p. ej. 0001-00000123 o B 1-123).`);
    }
    return { invoices: (await this.invoices.findCandidates(query)).map(toInvoiceResponse) };
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
