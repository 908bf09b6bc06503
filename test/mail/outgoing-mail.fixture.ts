import { randomBytes } from 'node:crypto';
import { OutgoingMail, TransportError } from '../../src/mail/mail.transport';

/** What the transports are handed: one invoice e-mail, PDF attached, as the dispatcher builds it. */

// Bytes that are not valid UTF-8, so any text mangling along the way shows.
export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(4096), Buffer.from('\n%%EOF\n')]);

export function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    deliveryId: 'dlv_01HZX3',
    category: 'invoice',
    from: { name: 'Tornillos del Sur S.R.L.', address: 'facturas@factura-bot.com.ar' },
    replyTo: 'facturacion@tornillos.com.ar',
    to: ['pagos@donpepe.com.ar', 'admin@donpepe.com.ar'],
    bcc: ['yo@tornillos.com.ar'],
    subject: 'Adjuntamos su factura Nro. 0001-00000123',
    text: 'Estimado cliente Ferretería Don Pepe:\n\nLe informamos que hemos emitido la factura B Nro. 0001-00000123.',
    html: '<p>Estimado cliente Ferretería Don Pepe:</p><p>Le informamos que hemos emitido la factura B Nro. 0001-00000123.</p>',
    attachment: { fileName: 'Factura-B-0001-00000123.pdf', content: PDF, contentType: 'application/pdf' },
    ...overrides,
  };
}

export async function transportErrorOf(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TransportError) return err;
    throw err;
  }
  throw new Error('expected a TransportError');
}

/** The addresses of a parsed header (mailparser's AddressObject, one or several). */
export function addresses(field: unknown): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((f: { value: { address?: string }[] }) => f.value.map((v) => v.address ?? ''));
}
