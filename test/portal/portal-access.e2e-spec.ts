import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { PortalLinkService } from '../../src/customers/portal-link.service';
import { PrismaService } from '../../src/database/prisma.service';
import { startTestApp, TestApp } from '../support/test-app';
import { encodeCursor } from '../../src/invoices/ledger-cursor';
import { createInvoice, get, line, pathOf, portalLinkFromEmail, SECURITY_HEADERS, seedCustomers } from './portal-fixtures';

/** Who a link opens: one customer, only while it is current, and nothing else. */
describe('Portal links: one customer per token, rotation, revocation', () => {
  let t: TestApp;
  let pepeInvoice: { id: string };
  let esquinaInvoice: { id: string };
  let pepeLink: string;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://facturas.tornillos.com.ar' });
    await seedCustomers(t);
    pepeInvoice = await createInvoice(t, { number: 1, issueDate: '2024-03-01', dueDate: '2024-04-01', items: line('100') });
    esquinaInvoice = await createInvoice(t, { number: 2, issueDate: '2024-03-02', dueDate: '2024-04-02', customerRef: 'laesquina', items: line('999') });
    pepeLink = (await portalLinkFromEmail(t, pepeInvoice.id))!;
  });
  afterAll(() => t.close());

  const db = () => t.app.get(PrismaService).client;
  const tokenOf = (url: string) => pathOf(url).split('/')[2];
  /** What a 404 looks like from outside: status, body and every security header. */
  const shape = (res: { status: number; headers: Headers; body: string }) => ({
    status: res.status,
    body: res.body,
    contentType: res.headers.get('content-type'),
    ...Object.fromEntries(SECURITY_HEADERS.map((h) => [h, res.headers.get(h)])),
  });

  it('puts a 256-bit link in the e-mail that opens the customer\'s page; only its SHA-256 is stored', async () => {
    expect(pepeLink).toMatch(/^https:\/\/facturas\.tornillos\.com\.ar\/portal\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(pepeLink);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const page = await get(t, pathOf(pepeLink));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Ferretería Don Pepe');

    const stored = await db().customer.findUniqueOrThrow({ where: { ref: 'donpepe' } });
    expect(stored.portalTokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    // (The e-mail bodies kept for retries hold the link, as the e-mail does.)
    const everything = JSON.stringify([
      await db().customer.findMany(), await db().appSetting.findMany(), await db().delivery.findMany({ select: { message: true, learnedTemplate: true } }),
    ]);
    expect(everything).not.toContain(token);
  });

  it('gives each customer a different link from the moment it is created', async () => {
    const esquinaLink = (await portalLinkFromEmail(t, esquinaInvoice.id))!;
    expect(tokenOf(esquinaLink)).not.toBe(tokenOf(pepeLink));
    expect((await get(t, pathOf(esquinaLink))).body).toContain('Almacén La Esquina');
  });

  it('opens no other customer\'s document, by id, path or cursor: the same 404 as an unknown one', async () => {
    const base = pathOf(pepeLink);
    const unknown = shape(await get(t, `/portal/${randomBytes(32).toString('base64url')}`));
    expect(unknown.status).toBe(404);
    expect(shape(await get(t, `${base}/facturas/${esquinaInvoice.id}.pdf`))).toEqual(unknown);
    expect(shape(await get(t, `${base}/facturas/00000000-0000-4000-8000-000000000000.pdf`))).toEqual(unknown);
    expect(shape(await get(t, `${base}/facturas/${esquinaInvoice.id}`))).toEqual(unknown);
    expect(shape(await get(t, `${base}/facturas/..%2F..%2F${esquinaInvoice.id}.pdf`))).toEqual(unknown);
    expect((await get(t, `${base}/facturas/${pepeInvoice.id}.pdf`)).status).toBe(200);

    // The page of Don Pepe never lists La Esquina's invoice, whatever the query says.
    const foreignCursor = encodeCursor({ direction: 'after', issueDate: '2024-03-03', number: 2, id: esquinaInvoice.id });
    for (const query of ['', `?pagina=${foreignCursor}`, '?customerRef=laesquina', '?customerId=x&estado=vencida', '?desde=2024-03-02']) {
      const page = await get(t, base + query);
      expect(page.status).toBe(200);
      expect(page.body).not.toContain(esquinaInvoice.id);
      expect(page.body).not.toContain('La Esquina');
      expect(page.body).not.toContain('1.208,79'); // 999 + 21 %: La Esquina's total
    }
  });

  it('answers every unknown, tampered, malformed or foreign path under /portal with the one 404 page', async () => {
    const token = tokenOf(pepeLink);
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    const unknown = shape(await get(t, `/portal/${randomBytes(32).toString('base64url')}`));
    const paths = [
      `/portal/${flipped}`,
      `/portal/${token.slice(0, 42)}`,
      `/portal/${token}x`,
      `/portal/${token.toLowerCase()}`,
      '/portal',
      '/portal/',
      `/portal/${token}/nada`,
      `/portal/${token}/estado-de-cuenta`,
      '/portal/%E0%A4%A',
      `/portal/${encodeURIComponent(`${token}' OR '1'='1`)}`,
    ];
    for (const path of paths) expect([path, shape(await get(t, path))]).toEqual([path, unknown]);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      expect(shape(await get(t, pathOf(pepeLink), { method, headers: { 'content-type': 'application/json' }, body: '{}' }))).toEqual(unknown);
    }
    // Express would resolve dot segments a client did not: they lead nowhere either.
    const raw = await new Promise<number>((resolve, reject) => {
      request(`${t.url}/portal/${token}/../${token}/facturas/${esquinaInvoice.id}.pdf`, (res) => {
        res.resume();
        resolve(res.statusCode!);
      }).on('error', reject).end();
    });
    expect(raw).toBe(404);
  });

  it('rotates a link: the old one dies at once, the new one works and goes in the next e-mails', async () => {
    const before = pathOf(pepeLink);
    // The route takes no body: a field in one is refused, and the link stays as it was.
    const withField = await t.api('POST', '/api/customers/donpepe/portal-token', { token: 'mine' });
    expect(withField.status).toBe(400);
    expect(withField.body.error).toMatchObject({ code: 'invalid_body', field: 'token' });
    expect((await get(t, before)).status).toBe(200);
    const rotated = await t.api('POST', '/api/customers/donpepe/portal-token');
    expect(rotated.status).toBe(201);
    expect(rotated.body).toEqual({ url: expect.stringMatching(/^https:\/\/facturas\.tornillos\.com\.ar\/portal\/[A-Za-z0-9_-]{43}$/), token: expect.any(String) });
    expect(rotated.body.url).toBe(`https://facturas.tornillos.com.ar/portal/${rotated.body.token}`);
    expect((await get(t, before)).status).toBe(404);
    expect((await get(t, `${before}/facturas/${pepeInvoice.id}.pdf`)).status).toBe(404);
    expect((await get(t, pathOf(rotated.body.url))).status).toBe(200);
    expect(await portalLinkFromEmail(t, pepeInvoice.id)).toBe(rotated.body.url);
    pepeLink = rotated.body.url;
  });

  it('gives each of several racing rotations its own link, of which only the last works', async () => {
    const versionBefore = (await db().customer.findUniqueOrThrow({ where: { ref: 'donpepe' } })).portalTokenVersion;
    // Started in the same tick, as on replicas sharing the database: every
    // one reads the same version before any of them writes.
    const service = t.app.get(PortalLinkService);
    const rotations = await Promise.all(Array.from({ length: 6 }, () => service.rotate('donpepe')));
    expect(new Set(rotations.map((r) => r.token)).size).toBe(6);
    const statuses = await Promise.all(rotations.map(async (r) => (await get(t, pathOf(r.url))).status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect((await db().customer.findUniqueOrThrow({ where: { ref: 'donpepe' } })).portalTokenVersion).toBe(versionBefore + 6);
    pepeLink = rotations[statuses.indexOf(200)].url;
    expect(await portalLinkFromEmail(t, pepeInvoice.id)).toBe(pepeLink);
  });

  it('revokes a link with no replacement: 404, and e-mails leave the portal sentence out until a rotation', async () => {
    const revoked = await t.api('DELETE', '/api/customers/donpepe/portal-token');
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe('');
    expect((await get(t, pathOf(pepeLink))).status).toBe(404);
    expect(await portalLinkFromEmail(t, pepeInvoice.id)).toBeNull();
    expect((await db().customer.findUniqueOrThrow({ where: { ref: 'donpepe' } })).portalTokenHash).toBeNull();

    const renewed = await t.api('POST', '/api/customers/donpepe/portal-token');
    expect((await get(t, pathOf(renewed.body.url))).status).toBe(200);
    expect((await get(t, pathOf(pepeLink))).status).toBe(404);
    expect(await portalLinkFromEmail(t, pepeInvoice.id)).toBe(renewed.body.url);
  });

  it('kills every link when the deployment\'s secret is replaced, and e-mails leave them out until a rotation', async () => {
    const before = pathOf((await t.api('POST', '/api/customers/donpepe/portal-token')).body.url);
    await db().appSetting.update({ where: { key: 'portal_token_secret' }, data: { value: randomBytes(32).toString('base64url') } });
    // Another replica starting on the same database reads the new secret.
    const other = await startTestApp({ PUBLIC_URL: 'https://facturas.tornillos.com.ar' }, t.db);
    try {
      expect((await get(other, before)).status).toBe(404);
      expect(await portalLinkFromEmail(other, pepeInvoice.id)).toBeNull();
      const fresh = await other.api('POST', '/api/customers/donpepe/portal-token');
      expect((await get(other, pathOf(fresh.body.url))).status).toBe(200);
      expect(await portalLinkFromEmail(other, pepeInvoice.id)).toBe(fresh.body.url);
    } finally {
      await other.close();
    }
  });

  it('answers 404 for an unknown customer and 401 without the API token', async () => {
    expect((await t.api('POST', '/api/customers/nadie/portal-token')).body.error.code).toBe('customer_not_found');
    expect((await t.api('DELETE', '/api/customers/nadie/portal-token')).status).toBe(404);
    expect((await fetch(`${t.url}/api/customers/donpepe/portal-token`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${t.url}/api/customers/donpepe/portal-token`, { method: 'DELETE' })).status).toBe(401);
  });
});
