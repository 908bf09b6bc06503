import { FakeSendgrid, startFakeSendgrid } from '../fakes/fake-sendgrid.server';
import { waitFor } from '../support/wait';

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

