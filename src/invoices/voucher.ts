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

/**
 * The receiver's IVA condition as AFIP lists it (RG 5616): CLIENTE_EXTERIOR is
 * a customer abroad, who gets export vouchers (E).
 */
export const IVA_CONDITIONS = ['RESPONSABLE_INSCRIPTO', 'MONOTRIBUTO', 'EXENTO', 'CONSUMIDOR_FINAL', 'CLIENTE_EXTERIOR'] as const;
export type IvaCondition = (typeof IVA_CONDITIONS)[number];

/** Who may issue vouchers at all: a consumidor final or a foreign customer does not. */
export const ISSUER_IVA_CONDITIONS = ['RESPONSABLE_INSCRIPTO', 'MONOTRIBUTO', 'EXENTO'] as const satisfies readonly IvaCondition[];

export const IVA_CONDITION_LABELS: Record<IvaCondition, string> = {
  RESPONSABLE_INSCRIPTO: 'IVA Responsable Inscripto',
  MONOTRIBUTO: 'Responsable Monotributo',
  EXENTO: 'IVA Sujeto Exento',
  CONSUMIDOR_FINAL: 'Consumidor Final',
  CLIENTE_EXTERIOR: 'Cliente del Exterior',
};

/** EXT: the tax id of a customer abroad, in its own country's format. */
export const DOC_TYPES = ['CUIT', 'CUIL', 'DNI', 'CF', 'EXT'] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** How the PDF names each document type. */
export const DOC_TYPE_LABELS: Record<DocType, string> = { CUIT: 'CUIT', CUIL: 'CUIL', DNI: 'DNI', CF: 'CF', EXT: 'ID Impositivo' };

/**
 * AFIP document type codes, as the QR code's tipoDocRec wants them. A foreign
 * tax id has none (AFIP identifies the country instead): the QR leaves the
 * optional receiver fields out.
 */
export const AFIP_DOC_TYPE_CODES: Record<DocType, number | null> = { CUIT: 80, CUIL: 86, DNI: 96, CF: 99, EXT: null };
