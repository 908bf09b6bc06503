import { normaliseCuit, normaliseDni } from './tax-id';

describe('normaliseCuit', () => {
  it.each([
    ['30-71234567-1', '30-71234567-1'],
    ['20123456786', '20-12345678-6'],
    ['20.12345678.6', '20-12345678-6'],
  ])('accepts %s', (input, expected) => expect(normaliseCuit(input)).toBe(expected));

  it.each(['30-71234567-2', '20-12345678-0', '2012345678', 'abc', ''])('rejects %p', (input) =>
    expect(normaliseCuit(input)).toBeNull(),
  );
});

describe('normaliseDni', () => {
  it('accepts 7 or 8 digits with dots', () => expect(normaliseDni('12.345.678')).toBe('12345678'));
  it('rejects letters and short numbers', () => {
    expect(normaliseDni('12A45678')).toBeNull();
    expect(normaliseDni('123456')).toBeNull();
  });
});
