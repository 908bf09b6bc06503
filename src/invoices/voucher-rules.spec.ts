import { AppError } from '../common/app-error';
import type { DocType, InvoiceKind, IvaCondition, Letter } from './voucher';
import { checkVoucherParties, Issuer, NoteTarget, Receiver } from './voucher-rules';

const COMPANY_CUIT = '30-71234567-1';
const issuer = (ivaCondition: IvaCondition): Issuer => ({ cuit: COMPANY_CUIT, ivaCondition });
const RECEIVERS: Record<IvaCondition, Receiver> = {
  RESPONSABLE_INSCRIPTO: { docType: 'CUIT', docNumber: '30-70809876-7', ivaCondition: 'RESPONSABLE_INSCRIPTO' },
  MONOTRIBUTO: { docType: 'CUIT', docNumber: '20-30111222-0', ivaCondition: 'MONOTRIBUTO' },
  EXENTO: { docType: 'CUIT', docNumber: '30-71555666-5', ivaCondition: 'EXENTO' },
  CONSUMIDOR_FINAL: { docType: 'DNI', docNumber: '12345678', ivaCondition: 'CONSUMIDOR_FINAL' },
  CLIENTE_EXTERIOR: { docType: 'EXT', docNumber: 'EIN 12-3456789', ivaCondition: 'CLIENTE_EXTERIOR' },
};

function outcome(fn: () => void): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return `${err.status} ${err.code} ${err.field}`;
    throw err;
  }
}

const invoice = (letter: Letter, kind: InvoiceKind = 'FACTURA', total = '100.00') => ({ kind, letter, currency: 'PES', total });

describe('checkVoucherParties: who may give which letter to whom', () => {
  // The table of the issue, every cell: issuer × letter × receiver.
  const allowed: Record<string, Record<Letter, IvaCondition[]>> = {
    RESPONSABLE_INSCRIPTO: {
      A: ['RESPONSABLE_INSCRIPTO', 'MONOTRIBUTO'],
      M: ['RESPONSABLE_INSCRIPTO', 'MONOTRIBUTO'],
      B: ['CONSUMIDOR_FINAL', 'EXENTO'],
      C: [],
      E: ['CLIENTE_EXTERIOR'],
    },
    MONOTRIBUTO: { A: [], M: [], B: [], C: ['RESPONSABLE_INSCRIPTO', 'MONOTRIBUTO', 'EXENTO', 'CONSUMIDOR_FINAL'], E: ['CLIENTE_EXTERIOR'] },
    EXENTO: { A: [], M: [], B: [], C: ['RESPONSABLE_INSCRIPTO', 'MONOTRIBUTO', 'EXENTO', 'CONSUMIDOR_FINAL'], E: ['CLIENTE_EXTERIOR'] },
  };
  const cases = Object.entries(allowed).flatMap(([from, letters]) =>
    Object.entries(letters).flatMap(([letter, receivers]) =>
      (Object.keys(RECEIVERS) as IvaCondition[]).map((to) => [from, letter, to, receivers.includes(to)] as const),
    ),
  );

  it.each(cases)('%s issuing %s to %s: allowed = %s', (from, letter, to, ok) => {
    for (const kind of ['FACTURA', 'NOTA_CREDITO', 'NOTA_DEBITO'] as const) {
      const result = outcome(() => checkVoucherParties(invoice(letter as Letter, kind), issuer(from as IvaCondition), RECEIVERS[to], null));
      expect(result).toBe(ok ? 'ok' : '422 letter_not_allowed letter');
    }
  });

  it('explains the rule in one Spanish sentence', () => {
    expect(() => checkVoucherParties(invoice('C'), issuer('RESPONSABLE_INSCRIPTO'), RECEIVERS.CONSUMIDOR_FINAL, null)).toThrow(
      'Un Responsable Inscripto no emite comprobantes C: use A (o M) para Responsables Inscriptos y Monotributistas, y B para Consumidores Finales y Exentos.',
    );
    expect(() => checkVoucherParties(invoice('B'), issuer('RESPONSABLE_INSCRIPTO'), RECEIVERS.RESPONSABLE_INSCRIPTO, null)).toThrow(
      'Los comprobantes B son para Consumidores Finales y Exentos; a un cliente IVA Responsable Inscripto corresponde A (o M).',
    );
  });

  it('asks for the receiver CUIT on an A or M', () => {
    for (const docType of ['DNI', 'CUIL'] as DocType[]) {
      const receiver = { ...RECEIVERS.MONOTRIBUTO, docType };
      expect(outcome(() => checkVoucherParties(invoice('A'), issuer('RESPONSABLE_INSCRIPTO'), receiver, null))).toBe(
        '422 letter_not_allowed letter',
      );
    }
  });

  it('refuses an issuer that cannot issue at all', () => {
    expect(outcome(() => checkVoucherParties(invoice('B'), issuer('CONSUMIDOR_FINAL'), RECEIVERS.CONSUMIDOR_FINAL, null))).toBe(
      '422 issuer_cannot_issue letter',
    );
  });
});

describe('checkVoucherParties: nobody invoices their own CUIT', () => {
  it.each([
    ['the same CUIT', { docType: 'CUIT', docNumber: COMPANY_CUIT }],
    ['the same digits written otherwise', { docType: 'CUIT', docNumber: '30712345671' }],
    ['the same number as a CUIL', { docType: 'CUIL', docNumber: '30.71234567.1' }],
  ] as const)('refuses %s', (_what, doc) => {
    const receiver: Receiver = { ...RECEIVERS.RESPONSABLE_INSCRIPTO, ...doc };
    expect(outcome(() => checkVoucherParties(invoice('A'), issuer('RESPONSABLE_INSCRIPTO'), receiver, null))).toBe(
      '422 receiver_is_issuer customerRef',
    );
  });

  it('also on a note that applies to an invoice', () => {
    const receiver: Receiver = { ...RECEIVERS.RESPONSABLE_INSCRIPTO, docNumber: COMPANY_CUIT };
    const target: NoteTarget = { kind: 'FACTURA', letter: 'A', currency: 'PES', displayNumber: '0001-00000001', balance: '500.00' };
    expect(outcome(() => checkVoucherParties(invoice('A', 'NOTA_CREDITO'), issuer('RESPONSABLE_INSCRIPTO'), receiver, target))).toBe(
      '422 receiver_is_issuer customerRef',
    );
  });
});

describe('checkVoucherParties: notes applied to an invoice', () => {
  const target: NoteTarget = { kind: 'FACTURA', letter: 'C', currency: 'PES', displayNumber: '0002-00000057', balance: '7500.00' };

  it('take the letter of their invoice, even when the issuer could no longer issue it', () => {
    // A former monotributista, now inscripto, credits an old Factura C with a Nota de crédito C.
    const ri = issuer('RESPONSABLE_INSCRIPTO');
    expect(outcome(() => checkVoucherParties(invoice('C', 'NOTA_CREDITO'), ri, RECEIVERS.CONSUMIDOR_FINAL, target))).toBe('ok');
    expect(outcome(() => checkVoucherParties(invoice('B', 'NOTA_CREDITO'), ri, RECEIVERS.CONSUMIDOR_FINAL, target))).toBe(
      '422 letter_mismatch letter',
    );
    expect(outcome(() => checkVoucherParties(invoice('B', 'NOTA_DEBITO'), ri, RECEIVERS.CONSUMIDOR_FINAL, target))).toBe(
      '422 letter_mismatch letter',
    );
  });

  it('go in the currency of their invoice', () => {
    const note = { ...invoice('C', 'NOTA_CREDITO'), currency: 'DOL' };
    expect(outcome(() => checkVoucherParties(note, issuer('MONOTRIBUTO'), RECEIVERS.CONSUMIDOR_FINAL, target))).toBe(
      '422 currency_mismatch currency',
    );
  });

  it('credit at most the balance still owed', () => {
    const mono = issuer('MONOTRIBUTO');
    expect(outcome(() => checkVoucherParties(invoice('C', 'NOTA_CREDITO', '7500.00'), mono, RECEIVERS.CONSUMIDOR_FINAL, target))).toBe('ok');
    expect(() => checkVoucherParties(invoice('C', 'NOTA_CREDITO', '7500.01'), mono, RECEIVERS.CONSUMIDOR_FINAL, target)).toThrow(
      'La nota de crédito ($ 7.500,01) supera el saldo pendiente de la factura C 0002-00000057 ($ 7.500,00).',
    );
    // A debit note adds to what is owed: no ceiling.
    expect(outcome(() => checkVoucherParties(invoice('C', 'NOTA_DEBITO', '99999.00'), mono, RECEIVERS.CONSUMIDOR_FINAL, target))).toBe('ok');
  });
});
