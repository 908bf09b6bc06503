import { Body, Controller, Get, Param, Put, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiTokenGuard } from '../common/api-token.guard';
import { CustomerBody } from './customer.dto';
import { CustomerRecord } from './customers.repository';
import { CustomersService } from './customers.service';

@ApiTags('customers')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('api/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Put(':ref')
  async upsert(@Param('ref') ref: string, @Body() body: CustomerBody, @Res({ passthrough: true }) res: Response) {
    const { customer, created } = await this.customers.upsert(ref, body);
    res.status(created ? 201 : 200);
    return toResponse(customer);
  }

  @Get(':ref')
  async get(@Param('ref') ref: string) {
    return toResponse(await this.customers.getByRef(ref));
  }
}

function toResponse(c: CustomerRecord) {
  return {
    id: c.id,
    ref: c.ref,
    name: c.name,
    docType: c.docType,
    docNumber: c.docNumber,
    ivaCondition: c.ivaCondition,
    address: c.address,
    email: c.email,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
