import { Module } from '@nestjs/common';
import { ChromiumPool } from './chromium-pool';
import { InvoicePdfRenderer } from './invoice-pdf.renderer';
import { InvoicePdfService } from './invoice-pdf.service';
import { RenderedPdfRepository } from './rendered-pdf.repository';
import { StatementPdfRenderer } from './statement-pdf.renderer';

/** Invoice PDFs and account statements. AppConfig and PrismaService come from the global config and database modules. */
@Module({
  providers: [ChromiumPool, InvoicePdfRenderer, RenderedPdfRepository, InvoicePdfService, StatementPdfRenderer],
  exports: [ChromiumPool, InvoicePdfRenderer, InvoicePdfService, StatementPdfRenderer],
})
export class PdfModule {}
