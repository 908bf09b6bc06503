import { Injectable } from '@nestjs/common';
import isEmail from 'validator/lib/isEmail';
import { AppError } from '../common/app-error';
import { singleLine } from '../common/text-rules';
import { normaliseCuit } from '../customers/tax-id';
import { ISSUER_IVA_CONDITIONS, IVA_CONDITIONS, IvaCondition } from '../invoices/voucher';
import { CompanyBody } from './company.dto';
import { CompanyData, CompanyRecord, CompanyRepository } from './company.repository';

@Injectable()
export class CompanyService {
  constructor(private readonly companies: CompanyRepository) {}

  /**
   * The legal name goes into every e-mail's From header and onto every PDF:
   * one line, no control characters, never blank (422s naming the field).
   */
  async save(body: CompanyBody): Promise<CompanyRecord> {
    const legalName = singleLine(body.legalName, 'legalName', { required: true, max: 200 });
    const cuit = normaliseCuit(singleLine(body.cuit, 'cuit', { required: true }));
    if (!cuit) throw AppError.unprocessable('invalid_cuit', `El CUIT "${body.cuit}" no es válido (dígito verificador).`, 'cuit');
    const ivaCondition = body.ivaCondition as IvaCondition;
    if (!IVA_CONDITIONS.includes(ivaCondition)) {
      throw AppError.unprocessable(
        'invalid_iva_condition',
        `Condición frente al IVA desconocida: "${body.ivaCondition}". Use ${ISSUER_IVA_CONDITIONS.join(', ')}.`,
        'ivaCondition',
      );
    }
    if (!(ISSUER_IVA_CONDITIONS as readonly IvaCondition[]).includes(ivaCondition)) {
      throw AppError.unprocessable(
        'invalid_iva_condition',
        `Quien emite comprobantes es Responsable Inscripto, Monotributo o Exento, no ${ivaCondition}.`,
        'ivaCondition',
      );
    }
    const email = singleLine(body.email, 'email', { required: true });
    if (!isEmail(email)) throw AppError.unprocessable('invalid_email', `La dirección "${body.email}" no es válida.`, 'email');
    const current = await this.companies.find();
    const data: CompanyData = {
      legalName,
      cuit,
      ivaCondition,
      grossIncomeNumber: singleLine(body.grossIncomeNumber, 'grossIncomeNumber', { max: 40 }),
      activityStartDate: body.activityStartDate ?? null,
      address: singleLine(body.address, 'address', { required: true, max: 300 }),
      email,
      portalEnabled: body.portalEnabled ?? current?.portalEnabled ?? true,
      autoSendOnSave: body.autoSendOnSave ?? current?.autoSendOnSave ?? false,
    };
    return this.companies.save(data);
  }

  /** The company, or a 409-style error telling the operator to set it up first. */
  async require(): Promise<CompanyRecord> {
    const company = await this.companies.find();
    if (!company) throw companyMissing();
    return company;
  }

  find(): Promise<CompanyRecord | null> {
    return this.companies.find();
  }
}

/** What every use that needs the company says before PUT /api/company. */
export function companyMissing(): AppError {
  return AppError.unprocessable('company_missing', 'Primero cargue los datos de la empresa (PUT /api/company).');
}
