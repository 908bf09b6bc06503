import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/app-error';
import type { InvoiceDocument } from '../invoices/invoice-document';
import { InvoicePdfRenderer } from './invoice-pdf.renderer';
import { invoicePdfFileName } from './invoice-pdf.view';
import { RenderedPdfRepository } from './rendered-pdf.repository';

export interface InvoicePdf {
  bytes: Buffer;
  /** Factura-B-0001-00000123.pdf */
  fileName: string;
  /** True when the stored PDF was served without rendering. */
  cached: boolean;
}

/**
 * An invoice's PDF, rendered once: served from the database while what it
 * shows is unchanged, re-rendered (and stored) when anything printed changes.
 */
@Injectable()
export class InvoicePdfService {
  // Concurrent requests for the same unchanged PDF (a send with a copy, the
  // portal) share one render instead of queueing several on the pool.
  private readonly rendering = new Map<string, Promise<Buffer>>();
  private readonly logger = new Logger('Pdf');

  constructor(
    private readonly renderer: InvoicePdfRenderer,
    private readonly store: RenderedPdfRepository,
  ) {}

  async getPdf(doc: InvoiceDocument): Promise<InvoicePdf> {
    const contentHash = this.renderer.contentHash(doc);
    const stored = await this.store.find(doc.id);
    if (stored?.contentHash === contentHash) return { bytes: stored.bytes, fileName: invoicePdfFileName(doc), cached: true };
    return this.render(doc, contentHash);
  }

  /**
   * Makes sure the stored PDF shows `doc`, rendering it if not, without
   * reading stored bytes: a send checks this before queueing and the
   * attempt reads the bytes once, when it attaches them.
   */
  async ensurePdf(doc: InvoiceDocument): Promise<void> {
    const contentHash = this.renderer.contentHash(doc);
    if ((await this.store.findHash(doc.id)) === contentHash) return;
    await this.render(doc, contentHash);
  }

  private async render(doc: InvoiceDocument, contentHash: string): Promise<InvoicePdf> {
    const fileName = invoicePdfFileName(doc);
    const key = `${doc.id}:${contentHash}`;
    let pending = this.rendering.get(key);
    if (!pending) {
      pending = this.renderAndStore(doc, contentHash).finally(() => this.rendering.delete(key));
      this.rendering.set(key, pending);
    }
    try {
      return { bytes: await pending, fileName, cached: false };
    } catch (err) {
      // Chromium missing, crashed twice or timed out: the caller shows this
      // in Spanish; the details stay in the log.
      this.logger.error({ err, invoiceId: doc.id }, 'PDF render failed');
      throw new AppError(503, 'pdf_unavailable', 'No se pudo generar el PDF de la factura; intente de nuevo en unos minutos.');
    }
  }

  private async renderAndStore(doc: InvoiceDocument, contentHash: string): Promise<Buffer> {
    const bytes = await this.renderer.render(doc);
    await this.store.save(doc.id, { contentHash, bytes });
    return bytes;
  }
}
