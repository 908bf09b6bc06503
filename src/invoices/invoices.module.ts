import { Module } from '@nestjs/common';
import { CompanyModule } from '../company/company.module';
import { CustomersModule } from '../customers/customers.module';
import { PdfModule } from '../pdf/pdf.module';
import { CustomerBalanceController } from './customer-balance.controller';
import { InvoiceLedgerRepository } from './invoice-ledger.repository';
import { InvoiceLedgerService } from './invoice-ledger.service';
import { InvoicesController } from './invoices.controller';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesService } from './invoices.service';
import { NewInvoiceValidator } from './new-invoice.validator';

@Module({
  imports: [CompanyModule, CustomersModule, PdfModule],
  controllers: [InvoicesController, CustomerBalanceController],
  providers: [InvoicesRepository, InvoicesService, NewInvoiceValidator, InvoiceLedgerRepository, InvoiceLedgerService],
  exports: [InvoicesService, InvoiceLedgerService],
})
export class InvoicesModule {}
