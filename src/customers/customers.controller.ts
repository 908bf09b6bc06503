import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiTokenGuard } from '../common/api-token.guard';
import { NoBody } from '../common/no-body.dto';
import { CustomerBody } from './customer.dto';
import { CustomerRecord } from './customers.repository';
import { CustomersService } from './customers.service';
import { PortalLinkService } from './portal-link.service';

export class PortalLinkResponse {
  @ApiProperty({ example: 'https://facturas.tornillos.com.ar/portal/3q2-7wE…', description: 'The customer\'s new portal link (PUBLIC_URL/portal/<token>)' })
  url!: string;

  @ApiProperty({ description: 'The token in the link (256 bits, base64url); only its hash is stored' })
  token!: string;
}

@ApiTags('customers')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('api/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly portalLinks: PortalLinkService,
  ) {}

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

  @Post(':ref/portal-token')
  @HttpCode(201)
  @ApiOperation({ summary: 'Rotate the customer\'s portal link: the old link stops working at once; also re-enables a revoked one' })
  @ApiCreatedResponse({ type: PortalLinkResponse })
  async rotatePortalToken(@Param('ref') ref: string, @Body() _body: NoBody): Promise<PortalLinkResponse> {
    return this.portalLinks.rotate(ref);
  }

  @Delete(':ref/portal-token')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the customer\'s portal link with no replacement; e-mails leave the link out until a rotation' })
  @ApiNoContentResponse()
  async revokePortalToken(@Param('ref') ref: string): Promise<void> {
    await this.portalLinks.revoke(ref);
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
