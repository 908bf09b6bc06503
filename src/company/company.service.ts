import { Injectable } from '@nestjs/common';
import isEmail from 'validator/lib/isEmail';
import { AppError } from '../common/app-error';
import { normaliseCuit } from '../customers/tax-id';
import { IVA_CONDITIONS, IvaCondition } from '../invoices/voucher';
import { CompanyBody } from './company.dto';
import { CompanyData, CompanyRecord, CompanyRepository } from './company.repository';

@Injectable()
export class CompanyService {
  constructor(private readonly companies: CompanyRepository) {}

  async save(body: CompanyBody): Promise<CompanyRecord> {
    const cuit = normaliseCuit(body.cuit);
    if (!cuit) throw AppError.unprocessable('invalid_cuit', `El CUIT "${body.cuit}" no es válido (dígito verificador).`);
    if (!IVA_CONDITIONS.includes(body.ivaCondition as IvaCondition)) {
      throw AppError.unprocessable(
        'invalid_iva_condition',
        `Condición frente al IVA desconocida: "${body.ivaCondition}". Use ${IVA_CONDITIONS.join(', ')}.`,
      );
    }
    const email = body.email.trim();
    if (!isEmail(email)) throw AppError.unprocessable('invalid_email', `La dirección "${body.email}" no es válida.`);
    const current = await this.companies.find();
    const data: CompanyData = {
      legalName: body.legalName.trim(),
      cuit,
      ivaCondition: body.ivaCondition as IvaCondition,
      grossIncomeNumber: body.grossIncomeNumber?.trim() || null,
      activityStartDate: body.activityStartDate ?? null,
      address: body.address.trim(),
      email,
      portalEnabled: body.portalEnabled ?? current?.portalEnabled ?? true,
      autoSendOnSave: body.autoSendOnSave ?? current?.autoSendOnSave ?? false,
    };
    return this.companies.save(data);
  }

  /** The company, or a 409-style error telling the operator to set it up first. */
  async require(): Promise<CompanyRecord> {
    const company = await this.companies.find();
    if (!company) {
      throw AppError.unprocessable('company_missing', 'Primero cargue los datos de la empresa (PUT /api/company).');
    }
    return company;
  }

  find(): Promise<CompanyRecord | null> {
    return this.companies.find();
  }
}
