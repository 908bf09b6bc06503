import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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

  @Get(':id')
  async get(@Param('id') id: string) {
    return toInvoiceResponse(await this.invoices.get(id));
  }

  @Post(':id/payments')
  @HttpCode(201)
  async addPayment(@Param('id') id: string, @Body() body: PaymentBody) {
    return toInvoiceResponse(await this.invoices.addPayment(id, body));
  }
}
