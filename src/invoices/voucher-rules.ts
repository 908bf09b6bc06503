import { AppError } from '../common/app-error';
import { dec } from '../common/decimal';
import { formatMoneyAr } from '../common/format';
import type { DocType, InvoiceKind, IvaCondition, Letter } from './voucher';
import { DOCUMENT_NAMES, IVA_CONDITION_LABELS } from './voucher';

/**
 * Which voucher letter an issuer may give to which receiver (RG 1415 and
 * RG 5003, AFIP):
 *
 * | issuer                | letter | receiver                               |
 * |-----------------------|--------|----------------------------------------|
 * | Responsable Inscripto | A, M   | Responsable Inscripto, Monotributo     |
 * | Responsable Inscripto | B      | Consumidor Final, Exento               |
 * | Monotributo, Exento   | C      | anyone in the country                  |
 * | any                   | E      | a customer abroad (export)             |
 *
 * Credit and debit notes applied to an invoice carry that invoice's letter
 * instead (the issuer's condition may have changed since). Nobody invoices
 * their own CUIT. Every refusal is a 422 whose message states the rule.
 */

export interface Issuer {
  cuit: string;
  ivaCondition: IvaCondition;
}

export interface Receiver {
  docType: DocType;
  docNumber: string | null;
  ivaCondition: IvaCondition;
}

/** The invoice a credit or debit note applies to, as it stands. */
export interface NoteTarget {
  kind: InvoiceKind;
  letter: Letter;
  currency: string;
  displayNumber: string;
  /** What is still owed, decimal text. */
  balance: string;
}

export interface NewVoucher {
  kind: InvoiceKind;
  letter: Letter;
  currency: string;
  /** Decimal text, as computed from the items. */
  total: string;
}

const ABROAD: IvaCondition = 'CLIENTE_EXTERIOR';

export function checkVoucherParties(voucher: NewVoucher, issuer: Issuer, receiver: Receiver, target: NoteTarget | null): void {
  checkNotSelf(issuer, receiver);
  if (target) checkNoteAgainstTarget(voucher, target);
  else checkLetter(voucher.letter, issuer, receiver);
}

function checkNotSelf(issuer: Issuer, receiver: Receiver): void {
  const taxId = receiver.docType === 'CUIT' || receiver.docType === 'CUIL';
  if (taxId && receiver.docNumber && digits(receiver.docNumber) === digits(issuer.cuit)) {
    throw AppError.unprocessable(
      'receiver_is_issuer',
      `El cliente tiene el mismo CUIT que la empresa (${issuer.cuit}): un comprobante no puede emitirse a uno mismo.`,
      'customerRef',
    );
  }
}

function checkLetter(letter: Letter, issuer: Issuer, receiver: Receiver): void {
  const abroad = receiver.ivaCondition === ABROAD;
  if (letter === 'E' || abroad) {
    if (letter !== 'E') throw letterRefused(`A un cliente del exterior se le emiten comprobantes E (exportación), no ${letter}.`);
    if (!abroad) {
      throw letterRefused(
        `Los comprobantes E son de exportación: el cliente debe ser del exterior (docType EXT, condición CLIENTE_EXTERIOR), no ${label(receiver.ivaCondition)}.`,
      );
    }
    return;
  }
  switch (issuer.ivaCondition) {
    case 'RESPONSABLE_INSCRIPTO':
      return checkInscriptoLetter(letter, receiver);
    case 'MONOTRIBUTO':
    case 'EXENTO':
      if (letter !== 'C') {
        throw letterRefused(`Un emisor ${label(issuer.ivaCondition)} emite comprobantes C (o E al exterior), no ${letter}.`);
      }
      return;
    default:
      throw AppError.unprocessable(
        'issuer_cannot_issue',
        `La empresa figura como ${label(issuer.ivaCondition)}, que no emite comprobantes; corrija su condición frente al IVA (PUT /api/company).`,
        'letter',
      );
  }
}

function checkInscriptoLetter(letter: Letter, receiver: Receiver): void {
  const condition = receiver.ivaCondition;
  if (letter === 'C') {
    throw letterRefused(
      'Un Responsable Inscripto no emite comprobantes C: use A (o M) para Responsables Inscriptos y Monotributistas, y B para Consumidores Finales y Exentos.',
    );
  }
  if (letter === 'A' || letter === 'M') {
    if (condition !== 'RESPONSABLE_INSCRIPTO' && condition !== 'MONOTRIBUTO') {
      throw letterRefused(`Los comprobantes A y M son para Responsables Inscriptos y Monotributistas; a un cliente ${label(condition)} corresponde B.`);
    }
    if (receiver.docType !== 'CUIT') {
      throw letterRefused(`Un comprobante ${letter} identifica al receptor por su CUIT; el cliente tiene ${receiver.docType}.`);
    }
    return;
  }
  // B
  if (condition !== 'CONSUMIDOR_FINAL' && condition !== 'EXENTO') {
    throw letterRefused(`Los comprobantes B son para Consumidores Finales y Exentos; a un cliente ${label(condition)} corresponde A (o M).`);
  }
}

function checkNoteAgainstTarget(voucher: NewVoucher, target: NoteTarget): void {
  const note = DOCUMENT_NAMES[voucher.kind];
  if (voucher.letter !== target.letter) {
    throw AppError.unprocessable(
      'letter_mismatch',
      `Una ${note} lleva la letra del comprobante al que se aplica (${target.letter} ${target.displayNumber}), no ${voucher.letter}.`,
      'letter',
    );
  }
  if (voucher.currency !== target.currency) {
    throw AppError.unprocessable(
      'currency_mismatch',
      `Una ${note} va en la moneda del comprobante al que se aplica (${target.currency}), no ${voucher.currency}.`,
      'currency',
    );
  }
  if (voucher.kind === 'NOTA_CREDITO' && dec(voucher.total).gt(target.balance)) throw creditExceedsBalance(voucher.total, target);
}

/** Also raised when another credit note took the balance between the check and the write. */
export function creditExceedsBalance(total: string, target: NoteTarget): AppError {
  return AppError.unprocessable(
    'credit_exceeds_balance',
    `La nota de crédito (${formatMoneyAr(total, target.currency)}) supera el saldo pendiente de la ${DOCUMENT_NAMES[target.kind]} ` +
      `${target.letter} ${target.displayNumber} (${formatMoneyAr(target.balance, target.currency)}).`,
    'total',
  );
}

function letterRefused(message: string): AppError {
  return AppError.unprocessable('letter_not_allowed', message, 'letter');
}

function label(condition: IvaCondition): string {
  return IVA_CONDITION_LABELS[condition];
}

function digits(value: string): string {
  return value.replace(/\D/g, '');
}
