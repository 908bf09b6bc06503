import { decodeCursor, encodeCursor } from './ledger-cursor';

describe('ledger cursors', () => {
  const position = { direction: 'after' as const, issueDate: '2024-05-31', number: 123, id: '7c4f1c9e-2b1a-4d55-9d0e-0a8f3e1b2c3d' };

  it('round-trip as opaque base64url text', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
    expect(decodeCursor(encodeCursor({ ...position, direction: 'before' }))?.direction).toBe('before');
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['not JSON', Buffer.from('hola').toString('base64url')],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad direction', Buffer.from('["x","2024-05-31",1,"id"]').toString('base64url')],
    ['an impossible date', Buffer.from('["a","2024-02-30",1,"id"]').toString('base64url')],
    ['a fractional number', Buffer.from('["a","2024-05-31",1.5,"id"]').toString('base64url')],
    ['an id with quotes', Buffer.from('["a","2024-05-31",1,"x\' OR 1=1"]').toString('base64url')],
    ['a huge cursor', 'A'.repeat(201)],
  ])('refuse %s', (_what, cursor) => expect(decodeCursor(cursor)).toBeNull());
});
