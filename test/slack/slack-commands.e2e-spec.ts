import { startFakeSlack } from '../fakes/fake-slack.server';
import { ANA, buttonClick, form, interactive, postSigned, slashCommand } from '../support/slack-requests';
import { startTestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { buttonsOf, SlackHarness, startSlackHarness, textOf } from './slack-harness';

describe('POST /slack/events: signed requests and /factura', () => {
  let h: SlackHarness;
  let invoiceId: string;

  beforeAll(async () => {
    h = await startSlackHarness();
    invoiceId = await h.invoice(123);
  });
  afterAll(() => h.close());
  afterEach(() => expect(h.slack.unexpected).toEqual([]));

  const command = (text: string) => postSigned(h.t.url, form(slashCommand(h.slack, text)));
  const lastResponse = (before: number) => waitFor(async () => h.slack.responses[before], 10_000, 'a response_url reply');

  it('refuses a forged signature, a stale or a future timestamp with 401 and does nothing', async () => {
    const before = h.slack.calls.length;
    const body = form(slashCommand(h.slack, 'enviar 1-123'));
    expect((await postSigned(h.t.url, body, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await postSigned(h.t.url, body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await postSigned(h.t.url, body, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401);
    const unsigned = await fetch(`${h.t.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(unsigned.status).toBe(401);
    // A body changed after signing (the signature covers the raw bytes).
    const tampered = await fetch(`${h.t.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=00' },
      body,
    });
    expect(tampered.status).toBe(401);
    // Refused before Bolt saw them: nothing was queued for Slack either.
    await h.settled();
    expect(h.slack.calls.length).toBe(before);
    expect(h.slack.responses).toHaveLength(0);
  });

  it.each([
    ['an interaction without its user', interactive({ type: 'view_submission', view: { id: 'V1', callback_id: 'send_invoice', state: { values: {} } } })],
    ['a payload that is a list', interactive([])],
    ['an empty form', ''],
    ['a command without its user', form({ command: '/factura', text: 'ayuda' })],
  ])('answers a signed body Slack would never send (%s) with 400 and does nothing', async (_what, body) => {
    const before = h.slack.calls.length;
    expect((await postSigned(h.t.url, body)).status).toBe(400);
    await h.settled();
    expect(h.slack.calls.length).toBe(before);
  });

  it('answers the Events API URL check, and acks an event and its timed-out retry', async () => {
    const challenge = await postSigned(h.t.url, JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }), { contentType: 'application/json' });
    expect(challenge).toMatchObject({ status: 200, json: { challenge: 'abc123' } });
    const event = JSON.stringify({ type: 'event_callback', team_id: 'T0FAKE', api_app_id: 'A0FAKE', event: { type: 'app_home_opened', user: ANA.id }, event_id: 'Ev1', event_time: 1 });
    expect((await postSigned(h.t.url, event, { contentType: 'application/json' })).status).toBe(200);
    expect((await postSigned(h.t.url, event, { contentType: 'application/json', retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
  });

  it('shows the usage in Spanish for /factura, /factura ayuda and an unknown subcommand', async () => {
    for (const text of ['', 'ayuda', 'borrar 1-123']) {
      const before = h.slack.responses.length;
      expect((await command(text)).status).toBe(200);
      const reply = (await lastResponse(before)).body;
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toContain('/factura enviar <número>');
      expect(reply.text).toContain('/factura estado <número>');
      if (text.startsWith('borrar')) expect(reply.text).toContain('No conozco `borrar`');
    }
  });

  it('opens the send dialog for a number typed any forgiving way, acking at once', async () => {
    for (const typed of ['1-123', '0001-00000123', 'B 0001-123', 'FB-0001-123']) {
      const opened = h.slack.callsOf('views.open').length;
      const res = await command(`enviar ${typed}`);
      expect(res).toMatchObject({ status: 200, text: '' });
      const call = await waitFor(async () => h.slack.callsOf('views.open')[opened], 10_000, `views.open for ${typed}`);
      expect(call.body.view.callback_id).toBe('send_invoice');
      expect(JSON.parse(call.body.view.private_metadata)).toEqual({ i: invoiceId, c: ANA.channel });
      expect(call.token).toBe(h.slack.botToken);
    }
  });

  it('tells the person to try again when the modal could not open within the trigger\'s 3 seconds', async () => {
    const before = h.slack.responses.length;
    const late = { ...slashCommand(h.slack, 'enviar 1-123'), trigger_id: `1.fake.${Date.now() - 4_000}` };
    expect((await postSigned(h.t.url, form(late))).status).toBe(200);
    expect((await lastResponse(before)).body.text).toBe('No llegamos a abrir el formulario a tiempo (Slack da 3 segundos); probá de nuevo.');
    expect(h.slack.calls.filter((c) => c.method === 'views.open' && c.response.error === 'expired_trigger_id')).toHaveLength(1);
  });

  it('says a number was not found, with the closest invoices as buttons', async () => {
    await h.invoice(125);
    const before = h.slack.responses.length;
    await command('enviar 1-124');
    const reply = (await lastResponse(before)).body;
    expect(reply.text).toBe('No encontré ningún comprobante 0001-00000124.');
    expect(textOf(reply.blocks)).toContain('Los más parecidos:');
    expect(buttonsOf(reply.blocks).map((b) => b.text)).toEqual([
      'Factura B 0001-00000123 — Ferretería Don Pepe — $ 54,33',
      'Factura B 0001-00000125 — Ferretería Don Pepe — $ 54,33',
    ]);

    const other = h.slack.responses.length;
    await command('enviar 77-1');
    expect((await lastResponse(other)).body.blocks.map((b: any) => b.elements?.[0]?.text ?? b.text?.text)).toContain(
      'Tampoco hay comprobantes parecidos en ese punto de venta.',
    );

    const bad = h.slack.responses.length;
    await command('enviar hola');
    expect((await lastResponse(bad)).body.text).toContain('`hola` no parece un número de factura');
  });

  it('offers one button per candidate when the number exists under several letters; a click opens that one', async () => {
    await h.t.api('PUT', '/api/customers/acme', { name: 'ACME S.A.', docType: 'CUIT', docNumber: '30-70809876-7', ivaCondition: 'RESPONSABLE_INSCRIPTO', email: 'cuentas@acme.com.ar' });
    const facturaA = await h.invoice(300, { letter: 'A', customerRef: 'acme' });
    await h.invoice(300, { letter: 'B' });
    const before = h.slack.responses.length;
    await command('enviar 1-300');
    const reply = (await lastResponse(before)).body;
    expect(reply.text).toBe('Hay varios comprobantes 0001-00000300. Elegí cuál enviar:');
    const buttons = buttonsOf(reply.blocks);
    expect(buttons.map((b) => b.text)).toEqual(['Factura A 0001-00000300 — ACME S.A. — $ 54,33', 'Factura B 0001-00000300 — Ferretería Don Pepe — $ 54,33']);
    expect(buttons.every((b) => b.actionId === 'open_send_dialog')).toBe(true);

    const opened = h.slack.callsOf('views.open').length;
    const click = await postSigned(h.t.url, interactive(buttonClick(h.slack, 'open_send_dialog', buttons[0].value)));
    expect(click.status).toBe(200);
    const call = await waitFor(async () => h.slack.callsOf('views.open')[opened], 10_000, 'views.open from a candidate');
    expect(JSON.parse(call.body.view.private_metadata).i).toBe(facturaA);
    expect(textOf(call.body.view.blocks)).toContain('*Factura A 0001-00000300* · ACME S.A.');
  });

  it('offers the candidates of an ambiguous /factura estado as buttons that show that invoice\'s status', async () => {
    await h.t.api('PUT', '/api/customers/acme', { name: 'ACME S.A.', docType: 'CUIT', docNumber: '30-70809876-7', ivaCondition: 'RESPONSABLE_INSCRIPTO', email: 'cuentas@acme.com.ar' });
    const facturaA = await h.invoice(310, { letter: 'A', customerRef: 'acme' });
    await h.invoice(310, { letter: 'B' });
    const before = h.slack.responses.length;
    await command('estado 1-310');
    const reply = (await lastResponse(before)).body;
    expect(reply.text).toBe('Hay varios comprobantes 0001-00000310. Elegí cuál ver:');
    const buttons = buttonsOf(reply.blocks);
    expect(buttons.map((b) => [b.actionId, b.text])).toEqual([
      ['show_invoice_status', 'Factura A 0001-00000310 — ACME S.A. — $ 54,33'],
      ['show_invoice_status', 'Factura B 0001-00000310 — Ferretería Don Pepe — $ 54,33'],
    ]);

    const opened = h.slack.callsOf('views.open').length;
    const shown = h.slack.responses.length;
    expect((await postSigned(h.t.url, interactive(buttonClick(h.slack, buttons[0].actionId, buttons[0].value)))).status).toBe(200);
    const status = (await lastResponse(shown)).body;
    expect(textOf(status.blocks)).toContain('*Factura A 0001-00000310* · ACME S.A.');
    expect(textOf(status.blocks)).toContain('Todavía no se envió por e-mail.');
    expect(buttonsOf(status.blocks)).toEqual([{ actionId: 'open_send_dialog', value: facturaA, text: 'Enviar de nuevo' }]);
    expect(h.slack.callsOf('views.open')).toHaveLength(opened);
  });

  it('lists an invoice\'s deliveries newest first with balance and due date for /factura estado', async () => {
    const id = await h.invoice(400);
    const empty = h.slack.responses.length;
    await command('estado 1-400');
    expect(textOf((await lastResponse(empty)).body.blocks)).toContain('Todavía no se envió por e-mail.');

    await h.t.api('POST', `/api/invoices/${id}/send`, { to: 'primero@cliente.com' });
    h.sg.failNext({ status: 400, body: { errors: [{ message: 'The from address does not match a verified Sender Identity.', field: 'from' }] } });
    await h.t.api('POST', `/api/invoices/${id}/send`, { to: 'segundo@cliente.com' });
    await waitFor(async () => (await h.deliveries(id)).filter((d) => d.status !== 'queued').length === 2 || null, 10_000, 'both deliveries settled');
    await h.t.api('POST', `/api/invoices/${id}/payments`, { amount: '10.00', date: '2020-08-01' });

    const before = h.slack.responses.length;
    await command('estado B 1-400');
    const reply = (await lastResponse(before)).body;
    const text = textOf(reply.blocks);
    expect(text).toContain('*Factura B 0001-00000400* · Ferretería Don Pepe');
    expect(text).toContain('Saldo: $ 44,33 · vence 13-08-2020 · vencida');
    const lines = text.split('\n').filter((l) => l.startsWith('• '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^• \d\d-\d\d-\d{4} \d\d:\d\d — la API → segundo@cliente\.com — \*falló: SendGrid respondió 400: The from address does not match/);
    expect(lines[1]).toMatch(/— la API → primero@cliente\.com — \*enviada\*$/);
    expect(buttonsOf(reply.blocks)).toEqual([{ actionId: 'open_send_dialog', value: id, text: 'Enviar de nuevo' }]);
  });

  it('escapes mrkdwn in what it echoes: a customer named <!channel> pings nobody', async () => {
    await h.t.api('PUT', '/api/customers/evil', { name: '<!channel> & <http://evil.example|Banco>', docType: 'CF', ivaCondition: 'CONSUMIDOR_FINAL', email: 'x@evil.example' });
    await h.invoice(500, { customerRef: 'evil' });
    const before = h.slack.responses.length;
    await command('estado 1-500');
    const text = textOf((await lastResponse(before)).body.blocks);
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;http://evil.example|Banco&gt;');
    expect(text).not.toContain('<!channel>');
    const opened = h.slack.callsOf('views.open').length;
    await command('enviar 1-500');
    const view = (await waitFor(async () => h.slack.callsOf('views.open')[opened], 10_000, 'views.open')).body.view;
    expect(textOf(view.blocks)).not.toContain('<!channel>');
    expect(textOf(view.blocks)).not.toContain('<http://');
  });
});

describe('Slack off', () => {
  it('answers 404 on /slack/events and never calls Slack', async () => {
    const slack = await startFakeSlack();
    const t = await startTestApp({ SLACK_API_URL: slack.apiUrl });
    try {
      const res = await postSigned(t.url, form(slashCommand(slack, 'ayuda')));
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('slack_http_off');
      expect(slack.calls).toHaveLength(0);
    } finally {
      await t.close();
      await slack.stop();
    }
  });
});
