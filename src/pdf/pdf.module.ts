import { Module } from '@nestjs/common';
import { ChromiumPool } from './chromium-pool';
import { InvoicePdfRenderer } from './invoice-pdf.renderer';
import { InvoicePdfService } from './invoice-pdf.service';
import { RenderedPdfRepository } from './rendered-pdf.repository';

/** Invoice PDFs. AppConfig and PrismaService come from the global config and database modules. */
@Module({
  providers: [ChromiumPool, InvoicePdfRenderer, RenderedPdfRepository, InvoicePdfService],
  exports: [ChromiumPool, InvoicePdfRenderer, InvoicePdfService],
})
export class PdfModule {}
