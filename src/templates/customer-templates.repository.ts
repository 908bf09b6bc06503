import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { MailTemplate } from './invoice-mail.renderer';

/** "Último utilizado": one subject/message template per customer. */
@Injectable()
export class CustomerTemplatesRepository {
  constructor(private readonly db: PrismaService) {}

  async find(customerId: string): Promise<MailTemplate | null> {
    const row = await this.db.client.customerTemplate.findUnique({ where: { customerId } });
    return row ? { subject: row.subject, message: row.message } : null;
  }

  async save(customerId: string, template: MailTemplate): Promise<void> {
    await this.db.client.customerTemplate.upsert({
      where: { customerId },
      create: { customerId, ...template },
      update: template,
    });
  }
}
