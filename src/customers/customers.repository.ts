import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { CustomerDocument } from '../invoices/invoice-document';

/** What the documents print about a customer, plus its identity. */
export interface CustomerRecord extends CustomerDocument {
  id: string;
  portalTokenVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export type CustomerData = Pick<CustomerRecord, 'name' | 'docType' | 'docNumber' | 'ivaCondition' | 'address' | 'email'>;

const SELECT = {
  id: true, ref: true, name: true, docType: true, docNumber: true, ivaCondition: true, address: true,
  email: true, portalTokenVersion: true, createdAt: true, updatedAt: true,
} as const;

@Injectable()
export class CustomersRepository {
  constructor(private readonly db: PrismaService) {}

  async findByRef(ref: string): Promise<CustomerRecord | null> {
    return (await this.db.client.customer.findUnique({ where: { ref }, select: SELECT })) as CustomerRecord | null;
  }

  async findById(id: string): Promise<CustomerRecord | null> {
    return (await this.db.client.customer.findUnique({ where: { id }, select: SELECT })) as CustomerRecord | null;
  }

  async findByPortalTokenHash(hash: string): Promise<CustomerRecord | null> {
    return (await this.db.client.customer.findUnique({
      where: { portalTokenHash: hash },
      select: SELECT,
    })) as CustomerRecord | null;
  }

  /** Creates or updates by the accounting system's ref; `created` tells which. */
  async upsert(ref: string, data: CustomerData): Promise<{ customer: CustomerRecord; created: boolean }> {
    const existing = await this.db.client.customer.findUnique({ where: { ref }, select: { id: true } });
    const row = await this.db.client.customer.upsert({
      where: { ref },
      create: { ref, ...data },
      update: data,
      select: SELECT,
    });
    return { customer: row as CustomerRecord, created: !existing };
  }

  async setPortalTokenHash(id: string, hash: string): Promise<void> {
    await this.db.client.customer.update({ where: { id }, data: { portalTokenHash: hash } });
  }
}
