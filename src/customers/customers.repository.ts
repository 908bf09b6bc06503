import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { CustomerDocument } from '../invoices/invoice-document';

/** What the documents print about a customer, plus its identity. */
export interface CustomerRecord extends CustomerDocument {
  id: string;
  portalTokenVersion: number;
  /** sha256 of the live portal token; null when the link was revoked. */
  portalTokenHash: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type CustomerData = Pick<CustomerRecord, 'name' | 'docType' | 'docNumber' | 'ivaCondition' | 'address' | 'email'>;

const SELECT = {
  id: true, ref: true, name: true, docType: true, docNumber: true, ivaCondition: true, address: true,
  email: true, portalTokenVersion: true, portalTokenHash: true, createdAt: true, updatedAt: true,
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

  /**
   * Creates or updates by the accounting system's ref; `created` tells which.
   * A new customer is inserted with `identity` (its id and the hash of its
   * first portal token) in the same statement, so no customer ever exists
   * without a link.
   */
  async upsert(
    ref: string,
    data: CustomerData,
    identity: { id: string; portalTokenHash: string },
  ): Promise<{ customer: CustomerRecord; created: boolean }> {
    const existing = await this.db.client.customer.findUnique({ where: { ref }, select: { id: true } });
    const row = await this.db.client.customer.upsert({
      where: { ref },
      create: { ref, ...data, id: identity.id, portalTokenHash: identity.portalTokenHash, portalTokenVersion: 1 },
      update: data,
      select: SELECT,
    });
    return { customer: row as CustomerRecord, created: !existing };
  }

  /**
   * Moves the customer to its next token version and stores `hashFor` that
   * version, in one transaction: the version's row lock (the database's
   * write lock on SQLite) makes rotations racing on several replicas take
   * turns, each with its own version; the last one's hash stays.
   */
  async rotatePortalToken(id: string, hashFor: (version: number) => Promise<string>): Promise<void> {
    await this.db.client.$transaction(async (tx) => {
      const { portalTokenVersion } = await tx.customer.update({
        where: { id },
        data: { portalTokenVersion: { increment: 1 } },
        select: { portalTokenVersion: true },
      });
      await tx.customer.update({ where: { id }, data: { portalTokenHash: await hashFor(portalTokenVersion) } });
    });
  }

  /** No token opens the portal any more until the next rotation. */
  async revokePortalToken(id: string): Promise<void> {
    await this.db.client.customer.update({ where: { id }, data: { portalTokenHash: null } });
  }
}
