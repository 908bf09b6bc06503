import { invoiceB, invoiceE, longInvoice } from '../../test/fixtures/invoice-documents';
import { afipQrDataUri, afipQrJson, afipQrUrl } from './afip-qr';

// DESIGN.md's example: Factura B 0001-00000123, one item of 44,90 + 21 % IVA.
const designExample = () =>
  invoiceB({
    issueDate: '2020-07-14',
    cae: '70123456789012',
    items: [{ description: 'Tornillos 3/8', quantity: '1', unitPrice: '44.90', ivaRate: '21' }],
  });

describe('AFIP QR (RG 4892)', () => {
  it('builds the payload with AFIP key order and JSON numbers', () => {
    expect(afipQrJson(designExample())).toBe(
      '{"ver":1,"fecha":"2020-07-14","cuit":30712345671,"ptoVta":1,"tipoCmp":6,"nroCmp":123,' +
        '"importe":54.33,"moneda":"PES","ctz":1,"tipoDocRec":80,"nroDocRec":20123456786,' +
        '"tipoCodAut":"E","codAut":70123456789012}',
    );
  });

  it('puts the base64 of that JSON after the AFIP address', () => {
    const doc = designExample();
    const url = afipQrUrl(doc);
    expect(url.startsWith('https://www.afip.gob.ar/fe/qr/?p=')).toBe(true);
    const json = Buffer.from(new URL(url).searchParams.get('p')!, 'base64').toString('utf8');
    expect(json).toBe(afipQrJson(doc));
    expect(Object.keys(JSON.parse(json))).toEqual([
      'ver', 'fecha', 'cuit', 'ptoVta', 'tipoCmp', 'nroCmp', 'importe', 'moneda', 'ctz',
      'tipoDocRec', 'nroDocRec', 'tipoCodAut', 'codAut',
    ]);
  });

  it('copies amounts from the decimal text, never through a float', () => {
    // 0.1 + 0.2 style sums and 15+ significant digits are where floats drift.
    const doc = { ...designExample(), total: '9999999999999.30', exchangeRate: '1050.125000' };
    const json = afipQrJson(doc);
    expect(json).toContain('"importe":9999999999999.3,');
    expect(json).toContain('"ctz":1050.125,');
  });

  it('uses the foreign currency and its exchange rate', () => {
    const payload = JSON.parse(afipQrJson(invoiceE()));
    expect(payload).toMatchObject({ moneda: 'DOL', ctz: 1050, importe: 2060, tipoCmp: 19, ptoVta: 5, nroCmp: 7 });
  });

  it('leaves out the receiver document when there is no number (consumidor final)', () => {
    const json = afipQrJson(longInvoice());
    expect(json).not.toContain('tipoDocRec');
    expect(json).not.toContain('nroDocRec');
    expect(json).toMatch(/"ctz":1,"tipoCodAut":"E","codAut":74201234567891}$/);
  });

  it('refuses a voucher without CAE', () => {
    expect(() => afipQrJson({ ...designExample(), cae: null })).toThrow(/no CAE/);
  });

  it('draws the code as an SVG data URI', async () => {
    const uri = await afipQrDataUri(designExample());
    expect(uri).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(uri.split(',')[1], 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/);
  });
});
