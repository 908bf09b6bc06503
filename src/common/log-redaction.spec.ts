import { isSecretKey, redactUrl, serializeError } from './log-redaction';

describe('redactUrl', () => {
  it.each([
    ['/api/x?token=abc', '/api/x?token=[redacted]'],
    ['/api/x?a=1&access_token=abc&b=2', '/api/x?a=1&access_token=[redacted]&b=2'],
    ['/x?key=k&signature=s&sig=t&code=c&secret=z&password=p', '/x?key=[redacted]&signature=[redacted]&sig=[redacted]&code=[redacted]&secret=[redacted]&password=[redacted]'],
    ['/x?TOKEN=abc', '/x?TOKEN=[redacted]'],
    ['/x?%74oken=abc', '/x?%74oken=[redacted]'],
    ['/x?token[]=abc&token[]=def', '/x?token[]=[redacted]&token[]=[redacted]'],
    ['/x?X-Amz-Signature=abc#frag', '/x?X-Amz-Signature=[redacted]#frag'],
    ['/portal/abc123?page=2', '/portal/[redacted]?page=2'],
    ['/portal//abc123', '/portal/[redacted]'],
    ['/portal/./abc123/facturas/x.pdf', '/portal/[redacted]'],
    ['/portal%2Fabc123', '/portal/[redacted]'],
    ['/api/invoices?number=B%201-123&limit=5', '/api/invoices?number=B%201-123&limit=5'],
  ])('%s → %s', (url, expected) => expect(redactUrl(url)).toBe(expected));

  it('judges keys by name, not by where they appear', () => {
    expect(isSecretKey('customerRef')).toBe(false);
    expect(isSecretKey('keyword')).toBe(false);
    expect(isSecretKey('refresh_token')).toBe(true);
    expect(isSecretKey('sendgrid_key')).toBe(true);
    expect(isSecretKey('x-auth')).toBe(true);
    expect(isSecretKey('monkey')).toBe(false);
    expect(isSecretKey('%zz')).toBe(false);
  });
});

describe('serializeError', () => {
  it('redacts URLs quoted in the message and the stack', () => {
    const err = new Error('GET https://api.example.com/v1/x?api_key=SECRET failed');
    const out = serializeError(err) as { type: string; message: string; stack: string };
    expect(out.type).toBe('Error');
    expect(out.message).toBe('GET https://api.example.com/v1/x?api_key=[redacted] failed');
    expect(out.stack).not.toContain('SECRET');
  });

  it('passes anything else through', () => {
    expect(serializeError('text')).toBe('text');
  });
});
