import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { company, donPepe, invoiceB } from '../support/sample-data';
import { freePort } from '../support/free-port';
import { createTestDatabase } from '../support/test-database';
import { startTestApp, TEST_API_TOKEN, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { createInvoice, get, line, pathOf, seedCustomers } from './portal-fixtures';

const rotate = async (t: TestApp, ref = 'donpepe') => pathOf((await t.api('POST', `/api/customers/${ref}/portal-token`)).body.url);

describe('Portal pages: headers, CSP, escaping', () => {
  let t: TestApp;
  let base: string;
  let invoiceId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedCustomers(t, { legalName: 'Tornillos "del" <Sur> & Cía' });
    await t.api('PUT', '/api/customers/donpepe', { ...donPepe, name: `<script>alert("x")</script> Ñandú & 'Hijos' <img src=x onerror=alert(1)>` });
    invoiceId = (await createInvoice(t, { number: 1, items: [{ description: '</td><script>alert(2)</script>', quantity: '1', unitPrice: '10', ivaRate: '21' }] })).id;
    base = await rotate(t);
  });
  afterAll(() => t.close());

  const securityHeaders = (headers: Headers) => ({
    'cache-control': headers.get('cache-control'),
    'referrer-policy': headers.get('referrer-policy'),
    'x-content-type-options': headers.get('x-content-type-options'),
    'x-frame-options': headers.get('x-frame-options'),
    csp: headers.get('content-security-policy'),
  });

  it('sends no-store, no-referrer, nosniff, no framing and a strict CSP with every response: page, PDFs, 404, 400', async () => {
    const responses = [
      await get(t, base),
      await get(t, `${base}/facturas/${invoiceId}.pdf`),
      await get(t, `${base}/estado-de-cuenta.pdf`),
      await get(t, '/portal/nope'),
      await get(t, `${base}?desde=ayer`),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 404, 400]);
    for (const res of responses) {
      expect(securityHeaders(res.headers)).toEqual({
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        csp: expect.stringMatching(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]{44}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/),
      });
    }
    expect(responses[1].headers.get('content-type')).toBe('application/pdf');
    expect(responses[1].headers.get('content-disposition')).toBe('attachment; filename="Factura-B-0001-00000001.pdf"');
  });

  it('allows exactly the page\'s one stylesheet by its hash, and holds no script, inline style or outside URL', async () => {
    const page = await get(t, base);
    const styles = [...page.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0]).digest('base64');
    expect(page.headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);
    const tags = page.body.match(/<[a-z][^>]*>/gi)!;
    expect(tags.length).toBeGreaterThan(50);
    for (const tag of tags) expect(tag).not.toMatch(/^<script|\s(on\w+|style)=|javascript:/i);
    const urls = [...page.body.matchAll(/(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(3);
    for (const url of urls) expect(url).toMatch(/^(\/portal\/|data:,$)/);
  });

  it('escapes everything the accounting system typed', async () => {
    const page = (await get(t, base)).body;
    expect(page).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Ñandú &amp; &#39;Hijos&#39; &lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('Tornillos &#34;del&#34; &lt;Sur&gt; &amp; Cía');
    expect(page).not.toContain('<img');
  });

  it('refuses a link with look-alike characters', async () => {
    const token = base.split('/')[2];
    // The first letter as its full-width twin (A → Ａ), which NFKC would fold back.
    const fullwidth = token.replace(/[A-Za-z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(fullwidth).not.toBe(token);
    expect((await get(t, `/portal/${encodeURIComponent(fullwidth)}`)).status).toBe(404);
    expect((await get(t, `/portal/${encodeURIComponent(token.normalize('NFKC') + '\u200b')}`)).status).toBe(404);
  });
});

describe('Portal rate limit per client address', () => {
  it('answers 429 with Retry-After and the same headers once an address passes the limit; others go on', async () => {
    const t = await startTestApp({ PORTAL_RATE_LIMIT: '5', TRUST_PROXY: 'loopback' });
    try {
      await seedCustomers(t);
      const base = await rotate(t);
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
      for (let i = 0; i < 5; i++) expect((await get(t, i % 2 ? base : '/portal/nope', from('203.0.113.7'))).status).toBe(i % 2 ? 200 : 404);
      const limited = await get(t, base, from('203.0.113.7'));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(limited.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(limited.headers.get('cache-control')).toBe('no-store');
      expect(limited.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
      expect(limited.body).toContain('Demasiadas solicitudes');
      expect((await get(t, '/portal/nope', from('203.0.113.7'))).status).toBe(429);
      // Another customer's address is not held back; the API is not limited.
      expect((await get(t, base, from('198.51.100.20'))).status).toBe(200);
      expect((await t.api('GET', '/api/customers/donpepe/balance')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says which proxy to believe', async () => {
    const t = await startTestApp({ PORTAL_RATE_LIMIT: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await get(t, '/portal/nope', { headers: { 'x-forwarded-for': `192.0.2.${i}` } })).status);
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await t.close();
    }
  });
});

describe('Portal tokens in logs', () => {
  it('never writes a token to the log, neither in request lines nor in errors', async () => {
    const db = await createTestDatabase();
    const outbox = mkdtempSync(join(tmpdir(), 'portal-log-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      env: {
        ...process.env, NODE_ENV: 'test', PORT: String(port), DATABASE_URL: db.url, API_TOKEN: TEST_API_TOKEN, OUTBOX_DIR: outbox,
        LOG_LEVEL: 'info', PUBLIC_URL: `http://127.0.0.1:${port}`,
        // No browser: every PDF fails, so the error paths log too.
        CHROMIUM_PATH: '/nonexistent/chromium',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => output.includes('listening on'), 30_000, 'the app to start');
      const api = (method: string, path: string, body?: unknown) =>
        fetch(url + path, { method, headers: { authorization: `Bearer ${TEST_API_TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      await api('PUT', '/api/company', company);
      await api('PUT', '/api/customers/donpepe', donPepe);
      const invoice = await (await api('POST', '/api/invoices', invoiceB({ items: line('10') }))).json();
      const { token } = await (await api('POST', '/api/customers/donpepe/portal-token')).json();
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const statuses = [];
      for (const path of [`/portal/${token}`, `/PORTAL/${token}?estado=vencida`, `/portal/${token}/facturas/${invoice.id}.pdf`, `/portal/${token}/estado-de-cuenta.pdf`, `/portal/${token}?desde=x`, `/portal/${token}/nada`, `//portal/${token}`]) {
        statuses.push((await fetch(url + path, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status);
      }
      expect(statuses).toEqual([200, 200, 503, 503, 400, 404, 404]);
      // Every request's log line is in before the token is looked for (the last two are the 404s).
      const logged = (status: number) => (output.match(new RegExp(`"statusCode":${status}\\b`, 'g')) ?? []).length;
      await waitFor(async () => (logged(503) >= 2 && logged(400) >= 1 && logged(404) >= 2) || null, 10_000, 'the request logs');
      expect(output).toContain('/portal/[redacted]');
      expect(output).toMatch(/PDF render failed|statement PDF render failed/);
      expect(output).toContain('TRUST_PROXY is not set');
      expect(output).not.toContain(token);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await db.drop();
      rmSync(outbox, { recursive: true, force: true });
    }
  });
});
