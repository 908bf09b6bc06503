import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '../../src/config/config.module';
import { loadConfig } from '../../src/config/load-config';
import { DatabaseModule } from '../../src/database/database.module';
import { PrismaService } from '../../src/database/prisma.service';
import { ChromiumPool } from '../../src/pdf/chromium-pool';
import { InvoicePdfRenderer } from '../../src/pdf/invoice-pdf.renderer';
import { InvoicePdfService } from '../../src/pdf/invoice-pdf.service';
import { PdfModule } from '../../src/pdf/pdf.module';
import { RenderedPdfRepository } from '../../src/pdf/rendered-pdf.repository';
import { invoiceA, invoiceB, invoiceC, tornillos } from '../fixtures/invoice-documents';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { pdfText } from './poppler';
import { chromiumProcesses } from './process-tree';
import { allExited, config, env, storeInvoiceRow } from './pdf-test-setup';

jest.setTimeout(60_000);

describe(InvoicePdfService.name, () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let pool: ChromiumPool;
  let service: InvoicePdfService;

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = new PrismaService(loadConfig({ ...env, DATABASE_URL: database.url }));
    await prisma.onModuleInit();
    pool = new ChromiumPool(config);
    service = new InvoicePdfService(new InvoicePdfRenderer(pool), new RenderedPdfRepository(prisma));
  });

  afterAll(async () => {
    await pool?.close();
    await prisma?.onApplicationShutdown();
    await database?.drop();
  });

  it('renders once, then serves the stored PDF until what it shows changes', async () => {
    const doc = invoiceB({ id: 'inv-cache-b' });
    await storeInvoiceRow(prisma, doc);

    const first = await service.getPdf(doc);
    expect(first).toMatchObject({ cached: false, fileName: 'Factura-B-0001-00000123.pdf' });
    expect(first.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    const second = await service.getPdf(invoiceB({ id: 'inv-cache-b' }));
    expect(second.cached).toBe(true);
    expect(second.bytes.equals(first.bytes)).toBe(true);

    const moved = invoiceB({ id: 'inv-cache-b', company: { ...tornillos, address: 'Av. Santa Fe 4321, CABA' } });
    const third = await service.getPdf(moved);
    expect(third.cached).toBe(false);
    expect(third.bytes.equals(first.bytes)).toBe(false);
    expect(await pdfText(third.bytes)).toContain('Domicilio Comercial: Av. Santa Fe 4321, CABA');

    const fourth = await service.getPdf(moved);
    expect(fourth.cached).toBe(true);
    expect(fourth.bytes.equals(third.bytes)).toBe(true);
  });

  it('shares one render between simultaneous requests for the same PDF', async () => {
    const doc = invoiceA({ id: 'inv-cache-a', kind: 'NOTA_CREDITO' });
    await storeInvoiceRow(prisma, doc);
    const [a, b] = await Promise.all([service.getPdf(doc), service.getPdf(doc)]);
    expect(a.fileName).toBe('NotaCredito-A-0001-00000123.pdf');
    expect(a.bytes).toBe(b.bytes);
    expect((await service.getPdf(doc)).cached).toBe(true);
  });
});

describe(PdfModule.name, () => {
  it('wires into the app beside the global config and database, and closing the app closes Chromium', async () => {
    const database = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(loadConfig({ ...env, DATABASE_URL: database.url })),
        DatabaseModule,
        PdfModule,
      ],
    }).compile();
    try {
      await moduleRef.init();
      const doc = invoiceC({ id: 'inv-module-c' });
      await storeInvoiceRow(moduleRef.get(PrismaService), doc);
      const pdf = await moduleRef.get(InvoicePdfService).getPdf(doc);
      expect(pdf).toMatchObject({ cached: false, fileName: 'Factura-C-0003-00000042.pdf' });
      expect(moduleRef.get(ChromiumPool).size).toBe(2);

      const started = chromiumProcesses();
      expect(started.length).toBeGreaterThan(0);
      await moduleRef.close();
      await allExited(started.map((p) => p.pid), 'every Chromium process to exit');
    } finally {
      await moduleRef.close().catch(() => undefined);
      await database.drop();
    }
  });
});
