import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Template } from 'liquidjs';
import type { InvoiceDocument } from '../invoices/invoice-document';
import { createSafeLiquid, TEMPLATES_DIR } from '../templates/liquid.factory';
import { afipQrDataUri } from './afip-qr';
import { ChromiumPool } from './chromium-pool';
import { buildInvoicePdfView } from './invoice-pdf.view';

export const INVOICE_PDF_TEMPLATE = join(TEMPLATES_DIR, 'invoice-pdf.liquid');

/** InvoiceDocument → HTML (templates/invoice-pdf.liquid) → PDF through the Chromium pool. */
@Injectable()
export class InvoicePdfRenderer {
  private readonly engine = createSafeLiquid({ html: true });
  private readonly template: Template[];
  /** Part of every content hash, so a changed layout re-renders stored PDFs. */
  private readonly templateVersion: string;
  private readonly hashes = new WeakMap<InvoiceDocument, string>();

  constructor(private readonly pool: ChromiumPool) {
    const source = readFileSync(INVOICE_PDF_TEMPLATE, 'utf8');
    this.template = this.engine.parse(source, INVOICE_PDF_TEMPLATE);
    this.templateVersion = sha256(source);
  }

  /**
   * Identifies what the PDF would show, without rendering it: the view model
   * holds every printed value (the QR as its URL), the version the layout.
   */
  contentHash(doc: InvoiceDocument): string {
    // A send checks the stored PDF and its attempt checks it again with the same loaded document:
    // documents are never changed once built, so the hash is computed once per document object.
    let hash = this.hashes.get(doc);
    if (hash === undefined) {
      hash = sha256(`${this.templateVersion}\n${JSON.stringify(buildInvoicePdfView(doc))}`);
      this.hashes.set(doc, hash);
    }
    return hash;
  }

  async renderHtml(doc: InvoiceDocument): Promise<string> {
    const view = buildInvoicePdfView(doc);
    const qrImage = view.cae ? await afipQrDataUri(doc) : '';
    // Synchronous: the template does no I/O, and a burst of requests then
    // holds finished strings rather than hundreds of half-rendered ones.
    return this.engine.renderSync(this.template, { ...view, qrImage }) as string;
  }

  async render(doc: InvoiceDocument): Promise<Buffer> {
    return this.pool.renderPdf(await this.renderHtml(doc));
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
