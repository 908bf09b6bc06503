import { Module } from '@nestjs/common';
import { CustomerTemplatesRepository } from './customer-templates.repository';
import { InvoiceMailRenderer } from './invoice-mail.renderer';

@Module({
  providers: [InvoiceMailRenderer, CustomerTemplatesRepository],
  exports: [InvoiceMailRenderer, CustomerTemplatesRepository],
})
export class TemplatesModule {}
