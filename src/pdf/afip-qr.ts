import QRCode from 'qrcode';
import { dec } from '../common/decimal';
import type { InvoiceDocument } from '../invoices/invoice-document';
import { AFIP_DOC_TYPE_CODES } from '../invoices/voucher';

/** RG 4892: the QR code printed on every authorised e-invoice points here. */
export const AFIP_QR_BASE_URL = 'https://www.afip.gob.ar/fe/qr/?p=';

/**
 * The QR payload, as JSON text with AFIP's key order. Built by hand rather
 * than with JSON.stringify so amounts go from exact decimal text straight
 * into the JSON (no float artefacts such as 54.330000000000005) and the
 * 11- and 14-digit identifiers never pass through a JS number.
 */
export function afipQrJson(doc: InvoiceDocument): string {
  if (!doc.cae) throw new Error(`invoice ${doc.id} has no CAE: an unauthorised voucher carries no AFIP QR code`);
  const fields: [string, string][] = [
    ['ver', '1'],
    ['fecha', JSON.stringify(doc.issueDate.slice(0, 10))],
    ['cuit', digitsOnly(doc.company.cuit, 'company CUIT')],
    ['ptoVta', String(doc.pointOfSale)],
    ['tipoCmp', String(doc.voucherCode)],
    ['nroCmp', String(doc.number)],
    ['importe', decimalNumber(doc.total, 2)],
    ['moneda', JSON.stringify(doc.currency)],
    ['ctz', decimalNumber(doc.exchangeRate, 6)],
  ];
  // The receiver's document is optional in the spec: a consumidor final
  // without a number has nothing to put there.
  const docCode = AFIP_DOC_TYPE_CODES[doc.customer.docType];
  if (docCode !== null && doc.customer.docNumber && /\d/.test(doc.customer.docNumber)) {
    fields.push(['tipoDocRec', String(docCode)]);
    fields.push(['nroDocRec', digitsOnly(doc.customer.docNumber, 'customer document number')]);
  }
  fields.push(['tipoCodAut', '"E"'], ['codAut', digitsOnly(doc.cae, 'CAE')]);
  return `{${fields.map(([key, value]) => `"${key}":${value}`).join(',')}}`;
}

/** `https://www.afip.gob.ar/fe/qr/?p=<base64 of the JSON>` */
export function afipQrUrl(doc: InvoiceDocument): string {
  return AFIP_QR_BASE_URL + Buffer.from(afipQrJson(doc), 'utf8').toString('base64');
}

/**
 * The QR code as an SVG data URI: vector, so it stays sharp at any print
 * resolution, and a few KB of markup that Chromium draws without decoding a
 * bitmap. Margin 0 because the template draws the quiet zone as padding.
 */
export async function afipQrDataUri(doc: InvoiceDocument): Promise<string> {
  const svg = await QRCode.toString(afipQrUrl(doc), { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

function digitsOnly(value: string, what: string): string {
  const digits = value.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  if (!digits) throw new Error(`${what} "${value}" has no digits`);
  return digits;
}

/** A JSON number literal with no trailing zeros: "54.30" → 54.3, "1050.00" → 1050. */
function decimalNumber(value: string, maxDecimals: number): string {
  return dec(value).toDecimalPlaces(maxDecimals).toFixed();
}
