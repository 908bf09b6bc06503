import 'reflect-metadata';
import { loadConfig } from '../../src/config/load-config';
import { PrismaService } from '../../src/database/prisma.service';
import type { InvoiceDocument } from '../../src/invoices/invoice-document';
import { waitFor } from '../support/wait';
import { isAlive } from './process-tree';

/** The config every PDF test file starts Chromium with (CHROMIUM_PATH honoured). */
export const env = { API_TOKEN: 'x'.repeat(20), CHROMIUM_PATH: process.env.CHROMIUM_PATH };
export const config = loadConfig(env);

/** Polls until every given process has exited. */
export const allExited = (pids: number[], what: string) => waitFor(async () => pids.every((pid) => !isAlive(pid)), 15_000, what);

/** A rendered PDF belongs to an invoice row (foreign key): the minimum to satisfy it. */
export async function storeInvoiceRow(prisma: PrismaService, doc: InvoiceDocument): Promise<void> {
  const customer = await prisma.client.customer.create({
    data: { ref: `ref-${doc.id}`, name: doc.customer.name, docType: doc.customer.docType, ivaCondition: doc.customer.ivaCondition },
  });
  await prisma.client.invoice.create({
    data: {
      id: doc.id,
      kind: doc.kind,
      letter: doc.letter,
      voucherCode: doc.voucherCode,
      pointOfSale: doc.pointOfSale,
      number: doc.number,
      issueDate: doc.issueDate,
      customerId: customer.id,
      netTotal: doc.netTotal,
      ivaTotal: doc.ivaTotal,
      total: doc.total,
    },
  });
}
