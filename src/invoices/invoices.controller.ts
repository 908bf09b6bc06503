import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InvoicePdfService } from '../pdf/invoice-pdf.service';
import { ApiTokenGuard } from '../common/api-token.guard';
import { InvoiceBody, PaymentBody } from './invoice.dto';
import { toInvoiceResponse } from './invoice.response';
import { InvoicesService } from './invoices.service';

@ApiTags('invoices')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('api/invoices')
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly pdfs: InvoicePdfService,
  ) {}

  @Post()
  async create(@Body() body: InvoiceBody) {
    return toInvoiceResponse(await this.invoices.create(body));
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    return toInvoiceResponse(await this.invoices.get(id));
  }

  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  async pdf(@Param('id') id: string, @Res() res: Response) {
    const pdf = await this.pdfs.getPdf(await this.invoices.document(id));
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
