import { Module } from '@nestjs/common';
import { CompanyModule } from '../company/company.module';
import { CustomersModule } from '../customers/customers.module';
import { PdfModule } from '../pdf/pdf.module';
import { InvoicesController } from './invoices.controller';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesService } from './invoices.service';
import { NewInvoiceValidator } from './new-invoice.validator';

@Module({
  imports: [CompanyModule, CustomersModule, PdfModule],
  controllers: [InvoicesController],
  providers: [InvoicesRepository, InvoicesService, NewInvoiceValidator],
  exports: [InvoicesService],
})
export class InvoicesModule {}
