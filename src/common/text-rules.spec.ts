import { depthExceeds, textDepthExceeds } from './json-depth';
import { findNul, multiLine, singleLine } from './text-rules';
import { errorOf } from '../../test/support/app-error-of';


describe('singleLine', () => {
  it('trims and returns the text; null for an absent optional value', () => {
    expect(singleLine('  Tornillos del Sur S.R.L. ', 'legalName')).toBe('Tornillos del Sur S.R.L.');
    expect(singleLine(undefined, 'address')).toBeNull();
    expect(singleLine('   ', 'address')).toBeNull();
  });

  it.each(['Tornillos\r\nBcc: x@y.com', 'Tornillos\nS.A.', 'Tornillos\rS.A.', 'Tornillos\u2028S.A.', 'Tornillos\u0085S.A.'])(
    'refuses a line break inside (%j), naming the field',
    (value) => {
      expect(errorOf(() => singleLine(value, 'legalName'))).toMatchObject({ status: 422, code: 'not_single_line', field: 'legalName' });
    },
  );

  it.each(['A\u0000B', 'A\u0007B', 'A\u001bB', 'A\u007fB', 'A\u009bB', 'A\u202eB', 'A\u2066B', 'A\tB'])(
    'refuses control characters (%j)',
    (value) => {
      const err = errorOf(() => singleLine(value, 'items[2].code'));
      expect(err).toMatchObject({ status: 422, code: 'control_characters', field: 'items[2].code' });
      expect(err.message).toBe('El campo items[2].code contiene caracteres de control no permitidos.');
    },
  );

  it('keeps accents, ñ, symbols and emoji', () => {
    expect(singleLine('Ñandú & Cía. — Güemes 1º "B" 🔩', 'name')).toBe('Ñandú & Cía. — Güemes 1º "B" 🔩');
  });

  it('refuses a blank required value and a value over the limit', () => {
    expect(errorOf(() => singleLine(' \t ', 'name', { required: true }))).toMatchObject({ code: 'blank_field', field: 'name' });
    expect(errorOf(() => singleLine('x'.repeat(51), 'saleCondition', { max: 50 }))).toMatchObject({ code: 'too_long', field: 'saleCondition' });
  });
});

describe('multiLine', () => {
  it('keeps tabs and line breaks, refuses other controls', () => {
    expect(multiLine('Tornillos\r\n\tcaja x 100', 'items[0].description')).toBe('Tornillos\r\n\tcaja x 100');
    expect(errorOf(() => multiLine('Tornillos\u0000', 'items[0].description'))).toMatchObject({ code: 'control_characters' });
    expect(errorOf(() => multiLine('Tornillos\u000bx', 'items[0].description'))).toMatchObject({ code: 'control_characters' });
  });
});

describe('findNul', () => {
  it('names where a NUL is, as a JSON path, in values and keys', () => {
    expect(findNul({ legalName: 'ok' })).toBeNull();
    expect(findNul({ items: [{ code: 'a' }, { code: 'b', description: 'x\u0000' }] })).toBe('items[1].description');
    expect(findNul({ a: { ['k\u0000']: 1 } })).toBe('a.k\u0000');
  });
});

describe('depthExceeds', () => {
  const nested = (n: number) => JSON.parse('['.repeat(n) + ']'.repeat(n));
  it('measures arrays and objects, without recursion', () => {
    expect(depthExceeds(nested(32), 32)).toBe(false);
    expect(depthExceeds(nested(33), 32)).toBe(true);
    expect(depthExceeds(nested(200_000), 32)).toBe(true);
    expect(depthExceeds({ a: { b: { c: 'x' } } }, 3)).toBe(false);
    expect(depthExceeds({ a: { b: { c: {} } } }, 3)).toBe(true);
    expect(depthExceeds('text', 0)).toBe(false);
  });
});

describe('textDepthExceeds', () => {
  const bytes = (text: string) => Buffer.from(text, 'utf8');
  it('counts brackets outside strings only', () => {
    expect(textDepthExceeds(bytes('{"a":"[[[[[[","b":"\\"[[[["}'), 1)).toBe(false);
    expect(textDepthExceeds(bytes('[[1]]'), 2)).toBe(false);
    expect(textDepthExceeds(bytes('[[[1]]]'), 2)).toBe(true);
    expect(textDepthExceeds(bytes('{"ñ":[{"x":"\\\\"}]}'), 3)).toBe(false);
    expect(textDepthExceeds(bytes('{"ñ":[{"x":"\\\\"}]}'), 2)).toBe(true);
  });
});
