import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface StoredPdf {
  contentHash: string;
  bytes: Buffer;
}

/** The last rendered PDF of each invoice, with the hash of what it shows. */
@Injectable()
export class RenderedPdfRepository {
  constructor(private readonly db: PrismaService) {}

  async find(invoiceId: string): Promise<StoredPdf | null> {
    const row = await this.db.client.renderedPdf.findUnique({
      where: { invoiceId },
      select: { contentHash: true, bytes: true },
    });
    if (!row) return null;
    const { buffer, byteOffset, byteLength } = row.bytes;
    return { contentHash: row.contentHash, bytes: Buffer.from(buffer, byteOffset, byteLength) };
  }

  /** The hash of what the stored PDF shows, without reading its bytes: whether a render is needed. */
  async findHash(invoiceId: string): Promise<string | null> {
    const row = await this.db.client.renderedPdf.findUnique({ where: { invoiceId }, select: { contentHash: true } });
    return row?.contentHash ?? null;
  }

  async save(invoiceId: string, pdf: StoredPdf): Promise<void> {
    // Two replicas rendering the same invoice at once write the same bytes:
    // last writer wins and both answers are right.
    const bytes = new Uint8Array(pdf.bytes);
    await this.db.client.renderedPdf.upsert({
      where: { invoiceId },
      create: { invoiceId, contentHash: pdf.contentHash, bytes },
      update: { contentHash: pdf.contentHash, bytes, createdAt: new Date() },
    });
  }
}
