import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { CompanyDocument } from '../invoices/invoice-document';
import type { IvaCondition } from '../invoices/voucher';

/** What the documents print, plus the company's settings. */
export interface CompanyRecord extends CompanyDocument {
  portalEnabled: boolean;
  autoSendOnSave: boolean;
  updatedAt: Date;
}

export type CompanyData = Omit<CompanyRecord, 'updatedAt'>;

/** The deployment's single company lives in the row with id 1. */
export const COMPANY_ID = 1;

@Injectable()
export class CompanyRepository {
  constructor(private readonly db: PrismaService) {}

  async find(): Promise<CompanyRecord | null> {
    const row = await this.db.client.company.findUnique({ where: { id: COMPANY_ID } });
    return row ? toRecord(row) : null;
  }

  async save(data: CompanyData): Promise<CompanyRecord> {
    const row = await this.db.client.company.upsert({
      where: { id: COMPANY_ID },
      create: { id: COMPANY_ID, ...data },
      update: data,
    });
    return toRecord(row);
  }
}

function toRecord(row: {
  legalName: string; cuit: string; ivaCondition: string; grossIncomeNumber: string | null;
  activityStartDate: string | null; address: string; email: string; portalEnabled: boolean;
  autoSendOnSave: boolean; updatedAt: Date;
}): CompanyRecord {
  return {
    legalName: row.legalName,
    cuit: row.cuit,
    ivaCondition: row.ivaCondition as IvaCondition,
    grossIncomeNumber: row.grossIncomeNumber,
    activityStartDate: row.activityStartDate,
    address: row.address,
    email: row.email,
    portalEnabled: row.portalEnabled,
    autoSendOnSave: row.autoSendOnSave,
    updatedAt: row.updatedAt,
  };
}
