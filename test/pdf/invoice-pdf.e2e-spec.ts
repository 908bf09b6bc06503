import 'reflect-metadata';
import type { InvoiceDocument } from '../../src/invoices/invoice-document';
import { afipQrJson } from '../../src/pdf/afip-qr';
import { ChromiumPool } from '../../src/pdf/chromium-pool';
import { InvoicePdfRenderer } from '../../src/pdf/invoice-pdf.renderer';
import { hostileInvoice, invoiceA, invoiceB, invoiceC, invoiceE, longInvoice } from '../fixtures/invoice-documents';
import { afipQrPayload, decodeQr, pageCount, pdfInfo, pdfText } from './poppler';
import { waitFor } from '../support/wait';
import { config } from './pdf-test-setup';
import { startSpyServer } from './spy-server';

jest.setTimeout(60_000);

describe('Invoice PDF (real Chromium, poppler)', () => {
  let pool: ChromiumPool;
  let renderer: InvoicePdfRenderer;
  let spy: Awaited<ReturnType<typeof startSpyServer>>;
  const rendered = new Map<string, Promise<Buffer>>();
  const decoded = new Map<string, Promise<string | null>>();
  /** Each fixture rendered once per run, shared by the assertions on it. */
  const pdfOf = (name: string, doc: () => InvoiceDocument) => {
    if (!rendered.has(name)) rendered.set(name, renderer.render(doc()));
    return rendered.get(name)!;
  };
  /** Rasterising and scanning a page takes ~1 s: once per fixture. */
  const qrOf = (name: string, doc: () => InvoiceDocument) => {
    if (!decoded.has(name)) decoded.set(name, pdfOf(name, doc).then((pdf) => decodeQr(pdf, 1)));
    return decoded.get(name)!;
  };

  beforeAll(async () => {
    spy = await startSpyServer();
    pool = new ChromiumPool(config, { size: 2 });
    renderer = new InvoicePdfRenderer(pool);
  });

  afterAll(() => Promise.all([pool?.close(), spy?.stop()]));

  describe('Factura A', () => {
    it('prints the letter box, issuer, voucher and receiver data', async () => {
      const text = await pdfText(await pdfOf('A', invoiceA));
      for (const expected of [
        'ORIGINAL',
        'FACTURA',
        'A',
        'COD. 001',
        'Tornillos del Sur S.R.L.',
        'Domicilio Comercial: Av. Corrientes 1234, Piso 5, CABA',
        'Condición frente al IVA: IVA Responsable Inscripto',
        'CUIT: 30-71234567-1',
        'Ingresos Brutos: 901-123456-7',
        'Fecha de Inicio de Actividades: 01/03/2015',
        'Punto de Venta: 0001',
        'Comp. Nro: 00000123',
        'Fecha de Emisión: 14/05/2024',
        'Fecha de Vto. para el pago: 13/06/2024',
        'Apellido y Nombre / Razón Social: Ferretería Don Pepe',
        'Domicilio: Av. Mitre 500, Avellaneda, Buenos Aires',
        'CUIT: 20-12345678-6',
        'CAE N°: 74201234567891',
        'Fecha de Vto. de CAE: 24/05/2024',
        'FACTURA A 0001-00000123 Página 1 de 1',
      ]) {
        expect(text).toContain(expected);
      }
    });

    it('lists items with code, quantity, net unit price, IVA rate and net subtotal', async () => {
      const text = await pdfText(await pdfOf('A', invoiceA));
      expect(text).toContain('Código Producto / Servicio Cantidad Precio Unit. Alícuota IVA Subtotal');
      expect(text).toContain('TOR-38 Tornillo hexagonal 3/8" x 2" (caja x 100) 3 12.500,00 21% 37.500,00');
      expect(text).toContain('LIB-01 Manual técnico de fijaciones (libro) 2 18.900,00 10,5% 37.800,00');
      expect(text).toContain('ARA-08 Arandela plana 8 mm 1.000 12,345 21% 12.345,00');
    });

    it('breaks down net and IVA per rate', async () => {
      const text = await pdfText(await pdfOf('A', invoiceA));
      for (const expected of [
        'Importe Neto Gravado 10,5%: $ 37.800,00',
        'Importe Neto Gravado 21%: $ 65.265,00',
        'Importe Neto Gravado: $ 103.065,00',
        'IVA 10,5%: $ 3.969,00',
        'IVA 21%: $ 13.705,65',
        'Importe Otros Tributos: $ 0,00',
        'Importe Total: $ 120.739,65',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).not.toContain('IVA 27%');
      expect(text).not.toContain('Transparencia Fiscal');
    });
  });

  describe('Factura B', () => {
    it('shows prices with IVA included, computed exactly and rounded half-up', async () => {
      const text = await pdfText(await pdfOf('B', invoiceB));
      expect(text).toContain('COD. 006');
      expect(text).toContain('Producto / Servicio Cantidad Precio Unit. Subtotal');
      expect(text).toContain('Tornillos 3/8 1 54,33 54,33');
      // 3 × (2.479,35 × 1,21 = 3.000,0135) = 9.000,0405 → 9.000,04, not 3 × 3.000,01.
      expect(text).toContain('Destornillador Phillips PH2 3 3.000,01 9.000,04');
      expect(text).toContain('Guía de instalación (libro) 1 9.945,00 9.945,00');
      expect(text).not.toContain('2.479,35');
      expect(text).not.toContain('Alícuota IVA');
      expect(text).toContain('Condición frente al IVA: Consumidor Final');
    });

    it('prints the total and the Ley 27.743 transparency block', async () => {
      const text = await pdfText(await pdfOf('B', invoiceB));
      expect(text).toContain('Importe Total: $ 18.999,37');
      expect(text).toContain('Régimen de Transparencia Fiscal al Consumidor Ley 27.743');
      expect(text).toContain('IVA Contenido: $ 2.516,42');
      expect(text).toContain('Otros Impuestos Nacionales Indirectos: $ 0,00');
      expect(text).not.toMatch(/IVA 21%:/);
    });
  });

  describe('Factura C', () => {
    it('prints no IVA at all', async () => {
      const text = await pdfText(await pdfOf('C', invoiceC));
      for (const expected of [
        'COD. 011',
        'Juan Pérez',
        'Condición frente al IVA: Responsable Monotributo',
        'CUIT: 20-28765432-5',
        'Punto de Venta: 0003',
        'Comp. Nro: 00000042',
        'DNI: 31456789',
        'Apellido y Nombre / Razón Social: María González',
        'Servicio de plomería (hora) 4 15.000,00 60.000,00',
        'Subtotal: $ 68.750,50',
        'Importe Total: $ 68.750,50',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).not.toMatch(/IVA \d|IVA Contenido|Alícuota|Neto Gravado/);
    });
  });

  describe('Factura E', () => {
    it('shows the foreign currency and its exchange rate, and no IVA', async () => {
      const text = await pdfText(await pdfOf('E', invoiceE));
      expect(text).toContain('COD. 019');
      expect(text).toContain('Moneda: DOL — Tipo de cambio: 1.050,00');
      expect(text).toContain('INOX-M6 Tornillos inoxidables M6 (caja x 500) 20 85,50 1.710,00');
      expect(text).toContain('Importe Total: US$ 2.060,00');
      expect(text).toContain('Domicilio: 1200 Main St, Miami, FL 33130, USA');
      expect(text).not.toMatch(/IVA \d|IVA Contenido|Alícuota/);
    });
  });

  describe('other voucher kinds', () => {
    it('titles a credit note M and adds the withholding legend', async () => {
      const text = await pdfText(await renderer.render(invoiceA({ kind: 'NOTA_CREDITO', letter: 'M' })));
      expect(text).toContain('NOTA DE CRÉDITO');
      expect(text).toContain('COD. 053');
      expect(text).toContain('OPERACIÓN SUJETA A RETENCIÓN');
      expect(text).toContain('IVA 21%: $ 13.705,65');
    });

    it('pads a five-digit point of sale to five, not four', async () => {
      const text = await pdfText(await renderer.render(invoiceC({ pointOfSale: 12345, number: 7 })));
      expect(text).toContain('Punto de Venta: 12345');
      expect(text).toContain('Comp. Nro: 00000007');
    });
  });

  describe('a long invoice', () => {
    const headerOnEveryPage = async (pdf: Buffer, doc: InvoiceDocument) => {
      const pages = await pageCount(pdf);
      for (let page = 1; page <= pages; page++) {
        const text = await pdfText(pdf, page, { layout: false });
        expect(text).toContain('ORIGINAL');
        expect(text).toContain(doc.company.legalName);
        expect(text).toContain('COD. 006');
        expect(text).toContain('Punto de Venta: 0002');
        expect(text).toContain('Comp. Nro: 00004567');
        expect(text).toContain('CUIT: 30-71234567-1');
        expect(text).toContain(`Apellido y Nombre / Razón Social: ${doc.customer.name}`);
        expect(await pdfText(pdf, page)).toContain('Código Producto / Servicio Cantidad Precio Unit. Subtotal');
      }
      return pages;
    };

    it('runs over several pages with the header and page numbers on each', async () => {
      const pdf = await pdfOf('long', longInvoice);
      const pages = await headerOnEveryPage(pdf, longInvoice());
      expect(pages).toBeGreaterThanOrEqual(3);
      for (let page = 1; page <= pages; page++) {
        expect(await pdfText(pdf, page)).toMatch(new RegExp(`FACTURA B 0002-00004567 Página ${page} de ${pages}$`));
      }
      const all = await pdfText(pdf);
      for (let n = 1; n <= 80; n++) expect(all).toContain(`ART-${String(n).padStart(4, '0')} Artículo de ferretería número ${n}`);
      expect(await pdfText(pdf, pages)).toContain('Importe Total:');
      expect(await pdfText(pdf, 1)).not.toContain('Importe Total:');
    });

    it('keeps repeating the header with two-line names and addresses', async () => {
      // Chromium repeats a <thead> only while it is at most a quarter of the page.
      const doc = longInvoice();
      doc.company = {
        ...doc.company,
        legalName: 'Distribuidora de Tornillos, Bulones, Arandelas y Fijaciones Industriales del Sur Sociedad de Responsabilidad Limitada',
        address: 'Avenida Presidente Roque Sáenz Peña 1234, Piso 12, Oficina B, entre Florida y San Martín, Ciudad Autónoma de Buenos Aires (C1035AAB), República Argentina',
      };
      doc.customer = {
        ...doc.customer,
        name: 'Ferretería Industrial Don Pepe e Hijos Sociedad Anónima Comercial, Industrial y Financiera',
        address: 'Avenida Bartolomé Mitre 5500, Local 3, Galería Comercial Mitre, Avellaneda, Provincia de Buenos Aires (B1870), República Argentina',
      };
      expect(await headerOnEveryPage(await renderer.render(doc), doc)).toBeGreaterThanOrEqual(3);
    });
  });

  describe('AFIP QR code', () => {
    it.each([
      ['A', invoiceA],
      ['B', invoiceB],
      ['C', invoiceC],
      ['E', invoiceE],
    ])('decodes to the exact RG 4892 payload on a Factura %s', async (name, build) => {
      const url = await qrOf(name, build);
      expect(url).not.toBeNull();
      expect(url!.startsWith('https://www.afip.gob.ar/fe/qr/?p=')).toBe(true);
      expect(afipQrPayload(url!)).toBe(afipQrJson(build()));
    });

    it('carries every field, as JSON numbers', async () => {
      const url = await qrOf('A', invoiceA);
      expect(afipQrPayload(url!)).toBe(
        '{"ver":1,"fecha":"2024-05-14","cuit":30712345671,"ptoVta":1,"tipoCmp":1,"nroCmp":123,' +
          '"importe":120739.65,"moneda":"PES","ctz":1,"tipoDocRec":80,"nroDocRec":20123456786,' +
          '"tipoCodAut":"E","codAut":74201234567891}',
      );
      const e = await qrOf('E', invoiceE);
      expect(afipQrPayload(e!)).toContain('"importe":2060,"moneda":"DOL","ctz":1050,');
    });

    it('sits on the last page of a long invoice, without receiver document for a consumidor final', async () => {
      const pdf = await pdfOf('long', longInvoice);
      const url = await decodeQr(pdf, await pageCount(pdf));
      expect(afipQrPayload(url!)).toBe(afipQrJson(longInvoice()));
      expect(afipQrPayload(url!)).not.toContain('nroDocRec');
    });

    it('is absent, with the CAE, on a voucher not yet authorised', async () => {
      const pdf = await renderer.render(invoiceB({ cae: null, caeDueDate: null }));
      expect(await decodeQr(pdf, 1)).toBeNull();
      expect(await pdfText(pdf)).not.toContain('CAE');
    });
  });

  describe('hostile database text', () => {
    it('prints markup and Liquid from the database as literal text', async () => {
      const doc = hostileInvoice(spy.url);
      const pdf = await renderer.render(doc);
      const text = await pdfText(pdf);
      expect(await pdfText(pdf, 1, { layout: false })).toContain(`Apellido y Nombre / Razón Social: <img src=${spy.url}/x>`);
      expect(text).toContain("Domicilio: <script>document.title='x'</script>");
      expect(text).toContain('{{ 7*7 }} 1 121,00 121,00');
      expect(text).toContain(`<iframe src="${spy.url}/frame"></iframe>{% raw %}`);
      expect(text).toContain(`<link rel="stylesheet" href="${spy.url}/css">`);
      expect((await pdfInfo(pdf)).Title).toBe('FACTURA B 0001-00000123');

      const html = await renderer.renderHtml(doc);
      expect(html).toContain('&lt;img src=');
      expect(html).not.toContain('<img src=http');
      expect(html).not.toContain('<script>');
      expect(spy.requests).toEqual([]);
    });

    it('lets no request leave a page, even for markup that asks for one', async () => {
      const html = `<!DOCTYPE html><html><head>
        <link rel="stylesheet" href="${spy.url}/link.css">
        <style>@import url("${spy.url}/import.css"); body { background: url("${spy.url}/bg.png"); }
          @font-face { font-family: X; src: url("${spy.url}/font.woff2"); } p { font-family: X; }</style>
        <script src="${spy.url}/script.js"></script>
        </head><body><p>sellado</p><img src="${spy.url}/img.png"><iframe src="${spy.url}/frame"></iframe>
        <object data="${spy.url}/object"></object><video src="${spy.url}/video.mp4"></video>
        <script>fetch("${spy.url}/fetch"); new Image().src = "${spy.url}/js-img";</script>
        </body></html>`;
      // A pool of its own, closed after the render: once its Chromium has
      // exited nothing more can leave it, so what the spy has by then is all.
      const sealed = new ChromiumPool(config, { size: 1 });
      const seen = spy.requests.length;
      try {
        expect(await pdfText(await sealed.renderPdf(html))).toContain('sellado');
      } finally {
        await sealed.close();
      }
      // A request of our own after Chromium is gone, on a later connection
      // than any Chromium could have opened: when it has arrived and every
      // connection is closed, the spy has read whatever came before it.
      expect(await (await fetch(`${spy.url}/fence`, { headers: { connection: 'close' } })).text()).toBe('spy');
      await waitFor(async () => (await spy.openConnections()) === 0, 15_000, 'the spy server to drain its connections');
      expect(spy.requests.slice(seen)).toEqual(['GET /fence']);
    });
  });
});
