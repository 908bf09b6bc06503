import { InvoiceKind, Letter } from './voucher';

/** What a person typed to name an invoice; kind and letter only when given. */
export interface InvoiceNumberQuery {
  kind?: InvoiceKind;
  letter?: Letter;
  pointOfSale: number;
  number: number;
}

const PREFIX_KINDS: Record<string, InvoiceKind> = { F: 'FACTURA', FAC: 'FACTURA', NC: 'NOTA_CREDITO', ND: 'NOTA_DEBITO' };

// [kind prefix][letter] point-of-sale - number, separators forgiving:
// "1-123", "0001-000123", "00001-00000123", "B 0001-123", "FB-0001-123",
// "A-1-123", "NCB 2-45", "FAC A 0001-00000123".
const PATTERN = /^(?:(FAC|NC|ND|F)?[\s-]*([ABCEM])[\s-]+|(FAC|NC|ND|F)?[\s-]*([ABCEM])(?=\d))?0*(\d{1,5})\s*-\s*0*(\d{1,8})$/i;

/** Parses forgiving input; null when it is not an invoice number at all. */
export function parseInvoiceNumber(input: string): InvoiceNumberQuery | null {
  const text = input.trim().replace(/\s+/g, ' ');
  const m = PATTERN.exec(text);
  if (!m) return null;
  const prefix = (m[1] ?? m[3])?.toUpperCase();
  const letter = (m[2] ?? m[4])?.toUpperCase() as Letter | undefined;
  const pointOfSale = Number(m[5]);
  const number = Number(m[6]);
  if (pointOfSale < 1 || number < 1) return null;
  return {
    ...(prefix ? { kind: PREFIX_KINDS[prefix] } : {}),
    ...(letter ? { letter } : {}),
    pointOfSale,
    number,
  };
}

/** "0001-00000123": point of sale 4 digits (5 when it needs them), number 8. */
export function formatInvoiceNumber(pointOfSale: number, number: number): string {
  return `${String(pointOfSale).padStart(4, '0')}-${String(number).padStart(8, '0')}`;
}

export const MAX_POINT_OF_SALE = 99_999;
export const MAX_INVOICE_NUMBER = 99_999_999;
