import { Module } from '@nestjs/common';
import { CompanyModule } from '../company/company.module';
import { CustomersModule } from '../customers/customers.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { PdfModule } from '../pdf/pdf.module';
import { PortalEdge } from './portal-edge.middleware';
import { PortalExceptionFilter } from './portal-exception.filter';
import { PortalPages } from './portal-pages.renderer';
import { PortalController } from './portal.controller';
import { PortalService } from './portal.service';

/**
 * The customer portal at PUBLIC_URL/portal/<token>: a thin HTML edge over the
 * invoices and customers modules. createApp mounts PortalEdge's handlers on
 * /portal ahead of routing.
 */
@Module({
  imports: [CompanyModule, CustomersModule, InvoicesModule, PdfModule],
  controllers: [PortalController],
  providers: [PortalService, PortalPages, PortalExceptionFilter, PortalEdge],
})
export class PortalModule {}
