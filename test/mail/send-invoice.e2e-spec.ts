import { company, donPepe, invoiceB } from '../support/sample-data';
import { pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { FakeSendgrid, startFakeSendgrid } from '../fakes/fake-sendgrid.server';

describe('Sending an invoice through POST /api/invoices/:id/send (SendGrid)', () => {
  let sg: FakeSendgrid;
  let t: TestApp;
  let invoiceId: string;
  let refused = 0;

  beforeAll(async () => {
    sg = await startFakeSendgrid();
    t = await startTestApp({ SENDGRID_API_KEY: sg.apiKey, SENDGRID_API_URL: sg.url, MAIL_FROM_ADDRESS: 'facturas@factura-bot.test', PUBLIC_URL: 'https://facturas.example.com' });
    await t.api('PUT', '/api/company', company);
    await t.api('PUT', '/api/customers/donpepe', donPepe);
    invoiceId = (await t.api('POST', '/api/invoices', invoiceB())).body.id;
  });
  afterAll(async () => {
    await t.close();
    await sg.stop();
  });
  afterEach(() => expect(sg.unexpected).toEqual([]));

  const deliveries = async (id: string) => (await t.api('GET', `/api/deliveries?invoiceId=${id}`)).body.deliveries;
  const newInvoice = async (number: number, extra: Record<string, unknown> = {}) =>
    (await t.api('POST', '/api/invoices', invoiceB({ number, dueDate: '2999-12-31', ...extra }))).body;

  it('sends with the dialog defaults: customer addresses, company name, original subject and message, the PDF', async () => {
    const before = sg.accepted().length;
    const res = await t.api('POST', `/api/invoices/${invoiceId}/send`, {});
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ invoiceId, kind: 'invoice', status: 'sent', to: ['pagos@donpepe.com.ar', 'admin@donpepe.com.ar'], bcc: [], attempts: 1, error: null });

    expect(sg.accepted()).toHaveLength(before + 1);
    const mail = sg.accepted().at(-1)!.body;
    expect(mail.from).toEqual({ email: 'facturas@factura-bot.test', name: 'Tornillos del Sur S.R.L.' });
    expect(mail.reply_to).toEqual({ email: 'facturacion@tornillos.com.ar' });
    expect(mail.personalizations[0].to.map((r: { email: string }) => r.email)).toEqual(['pagos@donpepe.com.ar', 'admin@donpepe.com.ar']);
    expect(mail.personalizations[0].bcc).toBeUndefined();
    expect(mail.subject ?? mail.personalizations[0].subject).toBe('Adjuntamos su factura Nro. 0001-00000123');
    expect(mail.categories).toEqual(['invoice']);
    expect(mail.personalizations[0].custom_args).toEqual({ delivery_id: res.body.id });

    const [text, html] = mail.content;
    expect(text.type).toBe('text/plain');
    expect(text.value).toContain('Estimado cliente Ferretería Don Pepe:');
    expect(text.value).toContain('Le informamos que hemos emitido la factura B Nro. 0001-00000123 por el valor de $ 54,33 con vencimiento el 13-08-2020.');
    expect(text.value).toMatch(/haciendo clic en este link \(?https:\/\/facturas\.example\.com\/portal\/[\w-]{20,}\)?/);
    expect(text.value).toMatch(/Atentamente\s+Tornillos del Sur S\.R\.L\./);
    expect(html.type).toBe('text/html');
    expect(html.value).toMatch(/<a href="https:\/\/facturas\.example\.com\/portal\/[\w-]{20,}">este link<\/a>/);

    const [attachment] = mail.attachments;
    expect(attachment).toMatchObject({ filename: 'Factura-B-0001-00000123.pdf', type: 'application/pdf', disposition: 'attachment' });
    const pdf = pdfText(Buffer.from(attachment.content, 'base64'));
    expect(pdf).toContain('00000123');
    expect(pdf).toContain('Ferretería Don Pepe');
  });

  it('shows the dialog defaults, offering "last used" once the customer has one', async () => {
    await t.api('PUT', '/api/customers/previa', donPepe);
    const id = (await newInvoice(450, { customerRef: 'previa' })).id;
    const before = await t.api('GET', `/api/invoices/${id}/send`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      fromName: 'Tornillos del Sur S.R.L.',
      to: 'pagos@donpepe.com.ar; admin@donpepe.com.ar',
      template: 'original',
      hasLastUsed: false,
      subject: 'Adjuntamos su factura Nro. 0001-00000450',
      drafts: { last_used: null },
    });
    expect(before.body.message).toContain('por el valor de $ 54,33 con vencimiento el 31-12-2999.');
    await t.api('POST', `/api/invoices/${id}/send`, { message: 'Hola, va la factura 0001-00000450.' });
    const next = (await newInvoice(451, { customerRef: 'previa' })).id;
    const after = await t.api('GET', `/api/invoices/${next}/send`);
    expect(after.body).toMatchObject({ template: 'last_used', hasLastUsed: true, message: 'Hola, va la factura 0001-00000451.' });
    expect(after.body.drafts.original.subject).toBe('Adjuntamos su factura Nro. 0001-00000451');

    // A send that names no template takes the dialog's default too.
    const sent = await t.api('POST', `/api/invoices/${next}/send`, {});
    expect(sent.body).toMatchObject({ status: 'sent', template: 'last_used' });
    expect(sg.accepted().at(-1)!.body.content[0].value).toBe('Hola, va la factura 0001-00000451.');
    const original = await t.api('POST', `/api/invoices/${(await newInvoice(452, { customerRef: 'previa' })).id}/send`, { template: 'original' });
    expect(original.body.template).toBe('original');
    expect(sg.accepted().at(-1)!.body.content[0].value).toContain('Le informamos que hemos emitido la factura B Nro. 0001-00000452');
  });

  it('sends edited fields: from name, a list with both separators and duplicates, subject, message, a blind copy', async () => {
    const id = (await newInvoice(501)).id;
    const res = await t.api('POST', `/api/invoices/${id}/send`, {
      fromName: 'Cobranzas Tornillos',
      to: ' Juan <juan@cliente.com>; ana@cliente.com,JUAN@cliente.com ;; ',
      subject: 'Su factura de julio',
      message: 'Hola Juan:\n\nTe mando la factura.\n\nSaludos',
      copyTo: 'yo@tornillos.com.ar',
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'sent', to: ['juan@cliente.com', 'ana@cliente.com'], bcc: ['yo@tornillos.com.ar'], subject: 'Su factura de julio' });
    const mail = sg.accepted().at(-1)!.body;
    expect(mail.from.name).toBe('Cobranzas Tornillos');
    expect(mail.personalizations[0].bcc).toEqual([{ email: 'yo@tornillos.com.ar' }]);
    expect(mail.content[0].value).toBe('Hola Juan:\n\nTe mando la factura.\n\nSaludos');
    expect(mail.content[1].value).toContain('Te mando la factura.');
  });

  it('does not repeat a copy address that is already a recipient', async () => {
    const id = (await newInvoice(502)).id;
    const res = await t.api('POST', `/api/invoices/${id}/send`, { to: 'a@x.com; b@y.com', copyTo: 'B@y.com' });
    expect(res.body).toMatchObject({ status: 'sent', to: ['a@x.com', 'b@y.com'], bcc: [] });
    expect(sg.accepted().at(-1)!.body.personalizations[0].bcc).toBeUndefined();
  });

  it.each([
    ['a malformed address', { to: 'ok@x.com; no-es-mail' }, 'invalid_recipient', 'to', /no-es-mail/],
    ['no address at all', { to: ' ; , ' }, 'missing_recipient', 'to', /Indique al menos un destinatario/],
    ['an emptied Para', { to: '' }, 'missing_recipient', 'to', /^Indique al menos un destinatario\.$/],
    ['a blank Para', { to: '   ' }, 'missing_recipient', 'to', /^Indique al menos un destinatario\.$/],
    ['a group hiding addresses', { to: 'Amigos: a@b.com, evil@x.com;' }, 'invalid_recipient', 'to', /Amigos/],
    ['a bad copy address', { copyTo: 'yo@' }, 'invalid_copy_to', 'copy_me', /yo@/],
    ['an empty sender name', { fromName: '  ' }, 'missing_from', 'from', /remitente/],
    ['a sender name with a line break', { fromName: 'Tornillos\r\nBcc: x@y.com' }, 'invalid_from', 'from', /una sola línea/],
    ['a sender name that a bidi override shows as another', { fromName: 'Tornillos \u202eL.R.S\u202c' }, 'invalid_from', 'from', /caracteres de control/],
    ['a sender name with a Unicode line separator', { fromName: 'Tornillos \u2028S.R.L.' }, 'invalid_from', 'from', /una sola línea/],
    ['a sender name over 100 characters', { fromName: 'x'.repeat(101) }, 'from_too_long', 'from', /100/],
    ['an empty subject', { subject: ' ' }, 'missing_subject', 'subject', /asunto/],
    ['a subject with a line break', { subject: 'Hola\nBcc: x@y.com' }, 'invalid_subject', 'subject', /una sola línea/],
    ['a subject that a bidi override shows as another', { subject: 'Factura \u202egnp.exe\u202c' }, 'invalid_subject', 'subject', /caracteres de control/],
    ['a subject with a C1 control', { subject: 'Factura \u009b1' }, 'invalid_subject', 'subject', /caracteres de control/],
    ['a subject over 255 characters', { subject: 's'.repeat(256) }, 'subject_too_long', 'subject', /255/],
    ['an empty message', { message: '\n \n' }, 'missing_message', 'message', /mensaje/],
    // A NUL anywhere in a body is refused before any field rule (src/common/validation.pipe.ts).
    ['a message with a NUL byte', { message: 'Hola\u0000' }, 'control_characters', 'message', /caracteres de control/],
    ['a message with another control character', { message: 'Hola\u0007' }, 'invalid_message', 'message', /caracteres de control/],
    ['a message with a bidi isolate', { message: 'Pague a \u2067CBU\u2069' }, 'invalid_message', 'message', /caracteres de control/],
    ['an address list with a bidi override', { to: 'pagos@donpepe.com.ar \u202e' }, 'invalid_recipient', 'to', /caracteres de control/],
    ['a message over 3000 characters', { message: 'x'.repeat(3001) }, 'message_too_long', 'message', /3000/],
    ['"last used" for a customer without one', { template: 'last_used' }, 'no_last_used_template', 'template', /Último utilizado/],
  ])('refuses %s with a Spanish 422 naming the field, and sends nothing', async (_what, body, code, field, message) => {
    // A customer that was never sent anything, so it has no "last used".
    await t.api('PUT', '/api/customers/nuevo', donPepe);
    const id = (await newInvoice(600 + refused++, { customerRef: 'nuevo' })).id;
    const before = { mails: sg.requests.length, deliveries: (await deliveries(id)).length };
    const res = await t.api('POST', `/api/invoices/${id}/send`, body);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code, field });
    expect(res.body.error.message).toMatch(message);
    expect(sg.requests.length).toBe(before.mails);
    expect((await deliveries(id)).length).toBe(before.deliveries);
  });

  it('refuses to send to a customer without e-mail unless given an address', async () => {
    await t.api('PUT', '/api/customers/sinmail', { ...donPepe, email: null });
    const id = (await newInvoice(700, { customerRef: 'sinmail' })).id;
    const res = await t.api('POST', `/api/invoices/${id}/send`, {});
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'missing_customer_email', field: 'to', message: expect.stringContaining('no tiene e-mail') });
    expect(await deliveries(id)).toEqual([]);
    const ok = await t.api('POST', `/api/invoices/${id}/send`, { to: 'alguien@x.com' });
    expect(ok.body.status).toBe('sent');
  });

  it('answers 404 for an unknown invoice', async () => {
    const res = await t.api('POST', '/api/invoices/nope/send', {});
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('invoice_not_found');
  });

  it('sends hostile text literally: no template runs, no file is read', async () => {
    const id = (await newInvoice(701)).id;
    const message = "{% include '/etc/passwd' %} {{ 7 | times: 7 }} {{ constructor }} <script>alert(1)</script>";
    const res = await t.api('POST', `/api/invoices/${id}/send`, { message });
    expect(res.body.status).toBe('sent');
    const [text, html] = sg.accepted().at(-1)!.body.content;
    expect(text.value).toBe(message);
    expect(text.value).not.toContain('root:');
    expect(html.value).toContain('&lt;script&gt;');
    expect(html.value).not.toContain('<script>');
  });

  it('remembers what was sent as the customer\'s "last used", with the next invoice\'s own values', async () => {
    await t.api('PUT', '/api/customers/ferro', { ...donPepe, name: 'Ferro S.A.' });
    const first = await newInvoice(800, { customerRef: 'ferro', items: [{ description: 'A', quantity: '2', unitPrice: '100', ivaRate: '21' }] });
    const second = await newInvoice(801, { customerRef: 'ferro', dueDate: '2031-01-15', items: [{ description: 'B', quantity: '1', unitPrice: '1000', ivaRate: '21' }] });
    const message =
      'Estimado cliente Ferro S.A.:\n\nLe enviamos la factura B Nro. 0001-00000800 por $ 242,00, vence el 31-12-2999.\n\nCualquier duda llame a Marta al 4555-1234.\n\nTornillos del Sur S.R.L.';
    const sent = await t.api('POST', `/api/invoices/${first.id}/send`, { subject: 'Factura 0001-00000800 — Tornillos', message });
    expect(sent.body.status).toBe('sent');

    const res = await t.api('POST', `/api/invoices/${second.id}/send`, { template: 'last_used' });
    expect(res.status).toBe(202);
    expect(res.body.subject).toBe('Factura 0001-00000801 — Tornillos');
    const text = sg.accepted().at(-1)!.body.content[0].value;
    expect(text).toContain('Le enviamos la factura B Nro. 0001-00000801 por $ 1.210,00, vence el 15-01-2031.');
    expect(text).toContain('Cualquier duda llame a Marta al 4555-1234.');
    expect(text).not.toContain('0001-00000800');
    expect(text).not.toContain('242,00');
  });

  it('refuses an Idempotency-Key reused for another request, and sends nothing more', async () => {
    const id = (await newInvoice(905)).id;
    const first = await t.api('POST', `/api/invoices/${id}/send`, { subject: 'Primera' }, { 'idempotency-key': 'k-905' });
    expect(first.status).toBe(202);
    const before = sg.requests.length;
    const other = await t.api('POST', `/api/invoices/${id}/send`, { subject: 'Otra' }, { 'idempotency-key': 'k-905' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    const otherInvoice = (await newInvoice(906)).id;
    const elsewhere = await t.api('POST', `/api/invoices/${otherInvoice}/send`, { subject: 'Primera' }, { 'idempotency-key': 'k-905' });
    expect(elsewhere.status).toBe(422);
    expect(sg.requests.length).toBe(before);
    expect(await deliveries(id)).toHaveLength(1);
    expect(await deliveries(otherInvoice)).toEqual([]);
  });

  it('sends once per Idempotency-Key, answering repeats with the first delivery', async () => {
    const id = (await newInvoice(900)).id;
    const before = sg.accepted().length;
    const first = await t.api('POST', `/api/invoices/${id}/send`, {}, { 'idempotency-key': 'k-900' });
    const again = await t.api('POST', `/api/invoices/${id}/send`, {}, { 'idempotency-key': 'k-900' });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(sg.accepted().length).toBe(before + 1);
    expect(await deliveries(id)).toHaveLength(1);
  });

  it('retries a 429 after Retry-After and a 500, then sends once', async () => {
    const id = (await newInvoice(901)).id;
    const before = sg.accepted().length;
    sg.failNext({ status: 429, retryAfter: 1 });
    sg.failNext({ status: 500 });
    const res = await t.api('POST', `/api/invoices/${id}/send`, {});
    expect(res.body).toMatchObject({ status: 'queued', attempts: 1 });
    expect(res.body.error).toMatch(/429|Too Many|límite/i);
    const done = await waitFor(async () => {
      const [d] = await deliveries(id);
      return d.status === 'sent' ? d : null;
    }, 20_000, 'the retried delivery');
    expect(done.attempts).toBe(3);
    expect(sg.accepted().length).toBe(before + 1);
  });

  it('answers "queued" quickly while SendGrid hangs, then sends once after the timeout', async () => {
    const id = (await newInvoice(903)).id;
    const before = sg.accepted().length;
    sg.failNext('hang');
    const res = await t.api('POST', `/api/invoices/${id}/send`, {});
    // Answered while the attempt still hangs: the API waits 5 s at most.
    expect(res.body).toMatchObject({ status: 'queued', attempts: 0 });
    const done = await waitFor(async () => {
      const [d] = await deliveries(id);
      return d.status === 'sent' ? d : null;
    }, 30_000, 'the delivery after the hang');
    expect(done.attempts).toBe(2);
    expect(sg.accepted().length).toBe(before + 1);
  }, 40_000);
});
