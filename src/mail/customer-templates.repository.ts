import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { LastUsedTemplate, parseLastUsed } from '../templates/last-used.template';

/** "Último utilizado": one template per customer, stored as JSON segments. */
@Injectable()
export class CustomerTemplatesRepository {
  constructor(private readonly db: PrismaService) {}

  /** The customer's template; null when there is none or the stored one is not ours to read. */
  async find(customerId: string): Promise<LastUsedTemplate | null> {
    const row = await this.db.client.customerTemplate.findUnique({ where: { customerId } });
    return row ? parseLastUsed(row.template) : null;
  }

  /** Saves `template` (serialized) for the customer of the invoice. */
  async saveForInvoice(invoiceId: string, template: string): Promise<void> {
    const invoice = await this.db.client.invoice.findUnique({ where: { id: invoiceId }, select: { customerId: true } });
    if (!invoice) return;
    await this.db.client.customerTemplate.upsert({
      where: { customerId: invoice.customerId },
      create: { customerId: invoice.customerId, template },
      update: { template },
    });
  }
}
