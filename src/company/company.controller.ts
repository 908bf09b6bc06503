import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiTokenGuard } from '../common/api-token.guard';
import { AppError } from '../common/app-error';
import { CompanyBody } from './company.dto';
import { CompanyService } from './company.service';

@ApiTags('company')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('api/company')
export class CompanyController {
  constructor(private readonly company: CompanyService) {}

  @Put()
  save(@Body() body: CompanyBody) {
    return this.company.save(body);
  }

  @Get()
  async get() {
    const company = await this.company.find();
    if (!company) throw AppError.notFound('company_not_found', 'La empresa todavía no fue cargada.');
    return company;
  }
}
