import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { OutgoingMail, TransportError } from '../../src/mail/mail.transport';
import { OutboxTransport } from '../../src/mail/outbox.transport';
import { SendgridTransport } from '../../src/mail/sendgrid.transport';
import { waitFor } from '../support/wait';
import { FakeSendgrid, startFakeSendgrid } from '../fakes/fake-sendgrid.server';

// Bytes that are not valid UTF-8, so any text mangling along the way shows.
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(4096), Buffer.from('\n%%EOF\n')]);

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
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

async function transportErrorOf(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TransportError) return err;
    throw err;
  }
  throw new Error('expected a TransportError');
}

describe(SendgridTransport.name, () => {
  let fake: FakeSendgrid;
  let transport: SendgridTransport;

  beforeEach(async () => {
    fake = await startFakeSendgrid();
    transport = new SendgridTransport({ apiKey: fake.apiKey, apiUrl: fake.url, timeoutMs: 2_000 });
  });

  afterEach(async () => {
    await fake.stop();
    expect(fake.unexpected).toEqual([]);
  });

  it('sends one message SendGrid accepts and returns its X-Message-Id', async () => {
    const sent = await transport.send(mail());

    const [request] = fake.requests;
    expect(fake.requests).toHaveLength(1);
    expect(request.status).toBe(202);
    expect(sent.providerMessageId).toBe(request.messageId);
    expect(request.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it('carries sender name, reply-to, recipients, copy, subject and both bodies', async () => {
    await transport.send(mail());
    const body = fake.accepted()[0].body;

    expect(body.from).toEqual({ email: 'facturas@factura-bot.com.ar', name: 'Tornillos del Sur S.R.L.' });
    expect(body.reply_to).toEqual({ email: 'facturacion@tornillos.com.ar' });
    expect(body.personalizations).toHaveLength(1);
    expect(body.personalizations[0].to).toEqual([{ email: 'pagos@donpepe.com.ar' }, { email: 'admin@donpepe.com.ar' }]);
    expect(body.personalizations[0].bcc).toEqual([{ email: 'yo@tornillos.com.ar' }]);
    expect(body.subject).toBe('Adjuntamos su factura Nro. 0001-00000123');
    expect(body.content).toEqual([
      { type: 'text/plain', value: mail().text },
      { type: 'text/html', value: mail().html },
    ]);
  });

  it('attaches the PDF byte for byte', async () => {
    await transport.send(mail());
    const [attachment] = fake.accepted()[0].body.attachments;

    expect(attachment).toMatchObject({
      type: 'application/pdf',
      disposition: 'attachment',
      filename: 'Factura-B-0001-00000123.pdf',
    });
    expect(Buffer.from(attachment.content, 'base64').equals(PDF)).toBe(true);
  });

  it('tags the message with the delivery id and the category, for events', async () => {
    await transport.send(mail({ category: 'reminder' }));
    const body = fake.accepted()[0].body;

    expect(body.personalizations[0].custom_args).toEqual({ delivery_id: 'dlv_01HZX3' });
    expect(body.categories).toEqual(['reminder']);
  });

  it('leaves out reply-to and bcc when there are none', async () => {
    await transport.send(mail({ replyTo: null, bcc: [] }));
    const body = fake.accepted()[0].body;

    expect(body).not.toHaveProperty('reply_to');
    expect(body.personalizations[0]).not.toHaveProperty('bcc');
  });

  it('never names an address twice across to and bcc', async () => {
    await transport.send(mail({ to: ['a@x.com', 'A@x.com', 'b@y.com'], bcc: ['B@Y.com', 'c@z.com', 'c@z.com'] }));
    const p = fake.accepted()[0].body.personalizations[0];

    expect(p.to).toEqual([{ email: 'a@x.com' }, { email: 'b@y.com' }]);
    expect(p.bcc).toEqual([{ email: 'c@z.com' }]);
  });

  it('keeps Spanish text and braces intact', async () => {
    const text = 'Señor Núñez: {{ no es liquid }} — $ 1.234,50 ¿recibió? ñ';
    await transport.send(mail({ subject: 'Nota de crédito Nro. 0001-00000007 — ¡gracias!', text }));
    const body = fake.accepted()[0].body;

    expect(body.subject).toBe('Nota de crédito Nro. 0001-00000007 — ¡gracias!');
    expect(body.content[0].value).toBe(text);
  });

  it('reports a 429 as retryable, with the Retry-After SendGrid asked for', async () => {
    fake.failNext({ status: 429, retryAfter: 7 });
    const err = await transportErrorOf(transport.send(mail()));

    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(7_000);
    expect(err.message).toContain('429');
  });

  it('reports a 429 without Retry-After as retryable with no wish', async () => {
    fake.failNext({ status: 429 });
    const err = await transportErrorOf(transport.send(mail()));

    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBeNull();
  });

  it('reports a 500 as retryable', async () => {
    fake.failNext({ status: 500 });
    const err = await transportErrorOf(transport.send(mail()));

    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBeNull();
  });

  it('reports a 400 as final, in SendGrid’s own words', async () => {
    fake.failNext({
      status: 400,
      body: {
        errors: [
          { message: 'Does not contain a valid address.', field: 'personalizations.0.to.0.email' },
          { message: 'The from address does not match a verified Sender Identity.', field: 'from' },
        ],
      },
    });
    const err = await transportErrorOf(transport.send(mail()));

    expect(err.retryable).toBe(false);
    expect(err.message).toContain(
      'Does not contain a valid address.; The from address does not match a verified Sender Identity.',
    );
  });

  it('reports a request SendGrid itself finds invalid as final', async () => {
    const err = await transportErrorOf(transport.send(mail({ to: ['not an address'] })));

    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/must match format "email"/);
    expect(fake.requests[0].status).toBe(400);
  });

  it('reports a wrong API key as final', async () => {
    const wrongKey = new SendgridTransport({ apiKey: 'SG.wrong', apiUrl: fake.url, timeoutMs: 2_000 });
    const err = await transportErrorOf(wrongKey.send(mail()));

    expect(err.retryable).toBe(false);
    expect(err.message).toContain('authorization grant is invalid');
  });

  it('gives up on a SendGrid that never answers, as retryable', async () => {
    fake.failNext('hang');
    const slow = new SendgridTransport({ apiKey: fake.apiKey, apiUrl: fake.url, timeoutMs: 300 });
    // The fake never answers: only the transport's own timeout ends this.
    const err = await transportErrorOf(slow.send(mail()));

    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/timeout/i);
  });

  it('reports an unreachable SendGrid as retryable', async () => {
    const stopped = await startFakeSendgrid();
    await stopped.stop();
    const nowhere = new SendgridTransport({ apiKey: fake.apiKey, apiUrl: stopped.url, timeoutMs: 2_000 });
    const err = await transportErrorOf(nowhere.send(mail()));

    expect(err.retryable).toBe(true);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('sends again after a failure', async () => {
    fake.failNext({ status: 500 }, 2);
    await transportErrorOf(transport.send(mail()));
    await transportErrorOf(transport.send(mail()));
    await expect(transport.send(mail())).resolves.toEqual({ providerMessageId: expect.any(String) });
    expect(fake.requests.map((r) => r.status)).toEqual([500, 500, 202]);
  });
});

describe('fake SendGrid', () => {
  let fake: FakeSendgrid;
  const valid = () => ({
    personalizations: [{ to: [{ email: 'a@x.com' }] }],
    from: { email: 'f@x.com' },
    subject: 'Asunto',
    content: [
      { type: 'text/plain', value: 'hola' },
      { type: 'text/html', value: '<p>hola</p>' },
    ],
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${fake.url}/v3/mail/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    fake = await startFakeSendgrid();
  });
  afterEach(() => fake.stop());

  it('accepts a valid request with 202 and an X-Message-Id', async () => {
    const res = await post(valid());
    expect(res.status).toBe(202);
    expect(res.headers.get('x-message-id')).toMatch(/^[\w-]{22}$/);
  });

  it('refuses a missing or wrong bearer key with 401', async () => {
    expect((await post(valid(), { authorization: 'Bearer SG.other' })).status).toBe(401);
    const res = await fetch(`${fake.url}/v3/mail/send`, { method: 'POST', body: JSON.stringify(valid()) });
    expect(res.status).toBe(401);
  });

  it('refuses an address repeated across to and bcc, ignoring case', async () => {
    const body = valid();
    (body.personalizations[0] as any).bcc = [{ email: 'A@X.com' }];
    const res = await post(body);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [expect.objectContaining({ field: 'personalizations.0.bcc', message: expect.stringContaining('unique') })],
    });
  });

  it('refuses text/html before text/plain', async () => {
    const body = { ...valid(), content: [...valid().content].reverse() };
    const res = await post(body);

    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].field).toBe('content');
  });

  it('refuses a request without any subject', async () => {
    const { subject: _subject, ...body } = valid();
    const res = await post(body);

    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].field).toBe('subject');
  });

  it('accepts a subject given on every personalization instead', async () => {
    const { subject: _subject, ...body } = valid();
    body.personalizations[0] = { ...body.personalizations[0], subject: 'Asunto' } as any;
    expect((await post(body)).status).toBe(202);
  });

  it('validates against the published schema (bad e-mail, missing from)', async () => {
    const { from: _from, ...noFrom } = valid();
    const badEmail = valid();
    badEmail.personalizations[0].to[0].email = 'nope';

    const res1 = await post(noFrom);
    const res2 = await post(badEmail);
    expect(res1.status).toBe(400);
    expect(res2.status).toBe(400);
    expect((await res2.json()).errors[0].field).toBe('personalizations.0.to.0.email');
  });

  it('refuses an attachment that is not base64', async () => {
    const res = await post({ ...valid(), attachments: [{ content: 'not base64!', filename: 'x.pdf' }] });
    expect(res.status).toBe(400);
  });

  it('answers anything else with a 500 and records it as unexpected', async () => {
    const res = await fetch(`${fake.url}/v3/marketing/contacts`, { method: 'PUT', body: '{}' });
    const get = await fetch(`${fake.url}/v3/mail/send`);

    expect(res.status).toBe(500);
    expect(get.status).toBe(500);
    expect(fake.unexpected).toEqual(['PUT /v3/marketing/contacts', 'GET /v3/mail/send']);
  });

  it('stops even with a request left hanging', async () => {
    fake.failNext('hang');
    const pending = post(valid()).then(
      () => 'answered',
      () => 'connection closed',
    );
    await waitFor(async () => fake.requests.length > 0, 5_000, 'the request to arrive');
    await fake.stop();
    expect(await pending).toBe('connection closed');
    fake = await startFakeSendgrid(); // afterEach stops this one
  });
});

describe(OutboxTransport.name, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes one .eml named by time and delivery id, and nothing else', async () => {
    const outbox = new OutboxTransport({ dir, now: () => new Date('2020-07-14T13:05:09.123Z') });
    const sent = await outbox.send(mail());

    expect(await readdir(dir)).toEqual(['2020-07-14T13-05-09-123Z-dlv_01HZX3.eml']);
    expect(sent.providerMessageId).toBe('outbox:2020-07-14T13-05-09-123Z-dlv_01HZX3.eml');
  });

  it('creates the folder when it does not exist', async () => {
    const nested = join(dir, 'var', 'outbox');
    await new OutboxTransport({ dir: nested }).send(mail());
    expect(await readdir(nested)).toHaveLength(1);
  });

  it('writes a message a mail reader parses back whole, copy included', async () => {
    await new OutboxTransport({ dir }).send(mail());
    const [file] = await readdir(dir);
    const parsed = await simpleParser(await readFile(join(dir, file)));

    expect(parsed.from?.value).toEqual([{ name: 'Tornillos del Sur S.R.L.', address: 'facturas@factura-bot.com.ar' }]);
    expect(parsed.replyTo?.value).toEqual([{ name: '', address: 'facturacion@tornillos.com.ar' }]);
    expect(addresses(parsed.to)).toEqual(['pagos@donpepe.com.ar', 'admin@donpepe.com.ar']);
    expect(addresses(parsed.bcc)).toEqual(['yo@tornillos.com.ar']);
    expect(parsed.subject).toBe('Adjuntamos su factura Nro. 0001-00000123');
    expect(parsed.text?.trim()).toBe(mail().text);
    expect(parsed.html).toBe(mail().html);
    expect(parsed.messageId).toMatch(/^<.+@.+>$/);
    expect(parsed.headers.get('x-delivery-id')).toBe('dlv_01HZX3');

    expect(parsed.attachments).toHaveLength(1);
    const [pdf] = parsed.attachments;
    expect(pdf.filename).toBe('Factura-B-0001-00000123.pdf');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.contentDisposition).toBe('attachment');
    expect(pdf.content.equals(PDF)).toBe(true);
  });

  it('nests text and html as alternatives inside a mixed message', async () => {
    await new OutboxTransport({ dir }).send(mail());
    const [file] = await readdir(dir);
    const raw = (await readFile(join(dir, file))).toString('latin1');

    expect(raw).toMatch(/^Content-Type: multipart\/mixed;/m);
    expect(raw).toMatch(/Content-Type: multipart\/alternative;/);
    expect(raw.indexOf('Content-Type: text/plain')).toBeLessThan(raw.indexOf('Content-Type: text/html'));
  });

  it('leaves no temporary file behind', async () => {
    const outbox = new OutboxTransport({ dir });
    await Promise.all([outbox.send(mail({ deliveryId: 'a' })), outbox.send(mail({ deliveryId: 'b' }))]);
    const files = await readdir(dir);

    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith('.eml') && !f.startsWith('.'))).toBe(true);
  });

  it('reports a folder it cannot write to as a final failure', async () => {
    await new OutboxTransport({ dir }).send(mail());
    const [file] = await readdir(dir);
    // A path through a regular file can never become a folder.
    const err = await transportErrorOf(new OutboxTransport({ dir: join(dir, file, 'sub') }).send(mail()));

    expect(err.retryable).toBe(false);
    expect(err.message).toContain('No se pudo escribir');
  });
});

function addresses(field: unknown): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((f: { value: { address?: string }[] }) => f.value.map((v) => v.address ?? ''));
}
