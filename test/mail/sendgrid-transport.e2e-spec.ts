import { SendgridTransport } from '../../src/mail/sendgrid.transport';
import { FakeSendgrid, startFakeSendgrid } from '../fakes/fake-sendgrid.server';
import { mail, PDF, transportErrorOf } from './outgoing-mail.fixture';

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

