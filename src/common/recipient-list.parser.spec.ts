import { MAX_RECIPIENTS, mergeBcc, parseRecipientList } from './recipient-list.parser';
import { errorOf } from '../../test/support/app-error-of';


describe('parseRecipientList', () => {
  it('accepts one address', () => {
    expect(parseRecipientList('pagos@donpepe.com.ar')).toEqual({ addresses: ['pagos@donpepe.com.ar'] });
  });

  it('splits on commas and semicolons, with or without spaces', () => {
    expect(parseRecipientList('a@x.com; b@y.com,c@z.com;d@w.com').addresses).toEqual([
      'a@x.com',
      'b@y.com',
      'c@z.com',
      'd@w.com',
    ]);
  });

  it('tolerates empty entries and trailing separators', () => {
    expect(parseRecipientList(' ;a@x.com;; ,b@y.com; ').addresses).toEqual(['a@x.com', 'b@y.com']);
  });

  it('takes line breaks as separators (a pasted column of addresses)', () => {
    expect(parseRecipientList('a@x.com\nb@y.com\r\nc@z.com').addresses).toEqual(['a@x.com', 'b@y.com', 'c@z.com']);
  });

  it('keeps only the address of "Name <address>" entries', () => {
    expect(parseRecipientList('Juan Pérez <juan@x.com>; "Pagos, Don Pepe" <pagos@y.com>').addresses).toEqual([
      'juan@x.com',
      'pagos@y.com',
    ]);
  });

  it('does not split on a separator inside a quoted name', () => {
    expect(parseRecipientList('"Pérez; Juan" <juan@x.com>, ana@y.com').addresses).toEqual(['juan@x.com', 'ana@y.com']);
  });

  it.each(['Administración: a@x.com, b@y.com;', 'Amigos: a@b.com, evil@x.com;', 'a@b.com\r\nBcc: evil@x.com'])(
    'refuses an RFC 5322 group, which hides addresses behind a name (%j)',
    (input) => {
      const err = errorOf(() => parseRecipientList(input, 'email'));
      expect(err).toMatchObject({ status: 422, code: 'invalid_recipient', field: 'email' });
    },
  );

  it('removes duplicates case-insensitively, keeping the first spelling', () => {
    expect(parseRecipientList('Pagos@X.com; b@y.com; pagos@x.com; PAGOS@x.COM').addresses).toEqual([
      'Pagos@X.com',
      'b@y.com',
    ]);
  });

  it('trims spaces around addresses', () => {
    expect(parseRecipientList('   a@x.com   ').addresses).toEqual(['a@x.com']);
  });

  it.each([
    ['not-an-address', 'not-an-address'],
    ['a@x', 'a@x'],
    ['a@@x.com', 'a@@x.com'],
    ['Juan <juan@x>', 'Juan <juan@x>'],
    ['a@x.com; Juan Perez', 'Juan Perez'],
  ])('rejects %j naming the bad entry', (input, bad) => {
    const err = errorOf(() => parseRecipientList(input));
    expect(err.status).toBe(422);
    expect(err.code).toBe('invalid_recipient');
    expect(err.message).toBe(`La dirección "${bad}" no es válida.`);
  });

  it('rejects addresses separated only by a space rather than silently dropping one', () => {
    // addressparser would read the first as a display name of the second.
    const err = errorOf(() => parseRecipientList('a@x.com b@y.com'));
    expect(err.code).toBe('invalid_recipient');
    expect(err.message).toBe('La dirección "a@x.com b@y.com" no es válida.');
  });

  it('rejects a semicolon inside angle brackets instead of guessing', () => {
    const err = errorOf(() => parseRecipientList('Juan <a@x.com; b@y.com>'));
    expect(err.code).toBe('invalid_recipient');
  });

  it.each(['', '   ', ' ; , ;'])('requires at least one address (%j)', (input) => {
    const err = errorOf(() => parseRecipientList(input));
    expect(err.status).toBe(422);
    expect(err).toMatchObject({ code: 'missing_recipient', field: 'to', message: 'Indique al menos un destinatario.' });
  });

  it(`accepts up to ${MAX_RECIPIENTS} distinct addresses and refuses one more`, () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `cliente${i}@x.com`).join('; ');
    expect(parseRecipientList(many(MAX_RECIPIENTS)).addresses).toHaveLength(MAX_RECIPIENTS);
    const err = errorOf(() => parseRecipientList(many(MAX_RECIPIENTS + 1)));
    expect(err.code).toBe('too_many_recipients');
    expect(err.message).toContain('1.000');
  });

  it('counts distinct addresses against the cap, not repeated ones', () => {
    const repeated = Array.from({ length: MAX_RECIPIENTS + 5 }, () => 'same@x.com').join(',');
    expect(parseRecipientList(repeated).addresses).toEqual(['same@x.com']);
  });
});

describe('mergeBcc', () => {
  it('returns the copy address as the only bcc', () => {
    expect(mergeBcc(['a@x.com'], 'yo@empresa.com')).toEqual(['yo@empresa.com']);
  });

  it('returns no bcc without a copy address', () => {
    expect(mergeBcc(['a@x.com'], null)).toEqual([]);
    expect(mergeBcc(['a@x.com'], '  ')).toEqual([]);
  });

  it('drops a copy address already among the recipients, ignoring case', () => {
    expect(mergeBcc(['Yo@Empresa.com', 'a@x.com'], 'yo@empresa.COM')).toEqual([]);
  });

  it('accepts the copy address in "Name <address>" form', () => {
    expect(mergeBcc(['a@x.com'], 'Yo <yo@empresa.com>')).toEqual(['yo@empresa.com']);
  });

  it('rejects an invalid copy address', () => {
    const err = errorOf(() => mergeBcc(['a@x.com'], 'yo@'));
    expect(err.code).toBe('invalid_recipient');
  });

  it('refuses a copy that would take the message over the recipient cap', () => {
    const to = Array.from({ length: MAX_RECIPIENTS }, (_, i) => `c${i}@x.com`);
    expect(errorOf(() => mergeBcc(to, 'yo@empresa.com')).code).toBe('too_many_recipients');
    expect(mergeBcc(to, 'c0@x.com')).toEqual([]);
  });
});
