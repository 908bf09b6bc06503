import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiTokenGuard } from '../common/api-token.guard';
import { InvoiceLedgerService } from './invoice-ledger.service';
import { CustomerBalanceResponse, toCustomerBalanceResponse } from './ledger.response';

/** GET /api/customers/:ref/balance lives here, beside the data it sums (customers cannot import invoices). */
@ApiTags('customers')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('api/customers')
export class CustomerBalanceController {
  constructor(private readonly ledger: InvoiceLedgerService) {}

  @Get(':ref/balance')
  @ApiOperation({ summary: "The customer's balance per currency as of today, and how much of it is overdue" })
  @ApiOkResponse({ type: CustomerBalanceResponse })
  async balance(@Param('ref') ref: string): Promise<CustomerBalanceResponse> {
    const { customer, balance } = await this.ledger.balanceByRef(ref);
    return toCustomerBalanceResponse(customer, balance);
  }
}
