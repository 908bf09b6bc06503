/** Voucher kinds and letters, and the AFIP voucher type code of each pair. */
export const INVOICE_KINDS = ['FACTURA', 'NOTA_CREDITO', 'NOTA_DEBITO'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

export const LETTERS = ['A', 'B', 'C', 'E', 'M'] as const;
export type Letter = (typeof LETTERS)[number];

// AFIP "Tipos de Comprobante" (FEParamGetTiposCbte).
const VOUCHER_CODES: Record<InvoiceKind, Record<Letter, number>> = {
  FACTURA: { A: 1, B: 6, C: 11, E: 19, M: 51 },
  NOTA_DEBITO: { A: 2, B: 7, C: 12, E: 20, M: 52 },
  NOTA_CREDITO: { A: 3, B: 8, C: 13, E: 21, M: 53 },
};

export function voucherCode(kind: InvoiceKind, letter: Letter): number {
  return VOUCHER_CODES[kind][letter];
}

/** Upper-case name printed on the document. */
export const DOCUMENT_TITLES: Record<InvoiceKind, string> = {
  FACTURA: 'FACTURA',
  NOTA_CREDITO: 'NOTA DE CRÉDITO',
  NOTA_DEBITO: 'NOTA DE DÉBITO',
};

/** Lower-case name used in sentences ("hemos emitido la factura"). */
export const DOCUMENT_NAMES: Record<InvoiceKind, string> = {
  FACTURA: 'factura',
  NOTA_CREDITO: 'nota de crédito',
  NOTA_DEBITO: 'nota de débito',
};

/** Short prefix used in file names: Factura-B-0001-00000123.pdf */
export const FILE_PREFIXES: Record<InvoiceKind, string> = {
  FACTURA: 'Factura',
  NOTA_CREDITO: 'NotaCredito',
  NOTA_DEBITO: 'NotaDebito',
};

/** Letters whose documents show IVA apart from the price (A and M). */
export function discriminatesIva(letter: Letter): boolean {
  return letter === 'A' || letter === 'M';
}

/** Letters that carry no IVA at all (C: monotributo/exento issuer; E: exports). */
export function carriesNoIva(letter: Letter): boolean {
  return letter === 'C' || letter === 'E';
}

export const IVA_RATES = ['0', '2.5', '5', '10.5', '21', '27'] as const;

export const IVA_CONDITIONS = ['RESPONSABLE_INSCRIPTO', 'MONOTRIBUTO', 'EXENTO', 'CONSUMIDOR_FINAL'] as const;
export type IvaCondition = (typeof IVA_CONDITIONS)[number];

export const IVA_CONDITION_LABELS: Record<IvaCondition, string> = {
  RESPONSABLE_INSCRIPTO: 'IVA Responsable Inscripto',
  MONOTRIBUTO: 'Responsable Monotributo',
  EXENTO: 'IVA Sujeto Exento',
  CONSUMIDOR_FINAL: 'Consumidor Final',
};

export const DOC_TYPES = ['CUIT', 'CUIL', 'DNI', 'CF'] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** AFIP document type codes, as the QR code's tipoDocRec wants them. */
export const AFIP_DOC_TYPE_CODES: Record<DocType, number> = { CUIT: 80, CUIL: 86, DNI: 96, CF: 99 };
