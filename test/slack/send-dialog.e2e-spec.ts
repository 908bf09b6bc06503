import { pdfText } from '../support/pdf-text';
import { ANA, buttonClick, form, interactive, openedView, postSigned, slashCommand, templateSwitch, viewSubmission } from '../support/slack-requests';
import { waitFor } from '../support/wait';
import { buttonsOf, SlackHarness, startSlackHarness, textOf } from './slack-harness';

describe('The send dialog as a Slack modal', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness();
    h.slack.setUserEmail(ANA.id, 'ana@tornillos.com.ar');
  });
  afterAll(() => h.close());
  afterEach(() => expect(h.slack.unexpected).toEqual([]));

  /** `/factura enviar <n>` and the modal Slack opened for it. */
  async function open(number: string) {
    const before = h.slack.callsOf('views.open').length;
    const res = await postSigned(h.t.url, form(slashCommand(h.slack, `enviar ${number}`)));
    expect(res.status).toBe(200);
    return openedView(await waitFor(async () => h.slack.callsOf('views.open')[before], 10_000, 'views.open'));
  }
  const submit = (payload: unknown, retryNum?: number) => postSigned(h.t.url, interactive(payload), { retryNum, retryReason: 'http_timeout' });
  const input = (view: any, block: string) => view.blocks.find((b: any) => b.block_id === block)?.element;

  it('mirrors the dialog: header line, De, Para, Plantilla, Asunto, Mensaje, Enviarme una copia', async () => {
    await h.invoice(123);
    const { view } = await open('1-123');
    expect(view.title.text).toBe('Enviar por e-mail');
    expect(view.blocks[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '*Factura B 0001-00000123* · Ferretería Don Pepe · $ 54,33 · vence 13-08-2020 · vencida' }] });
    expect(view.blocks.filter((b: any) => b.type === 'input').map((b: any) => [b.block_id, b.label.text, b.element.action_id])).toEqual([
      ['from', 'De', 'from'],
      ['to', 'Para', 'to'],
      ['template', 'Plantilla', 'template'],
      ['subject', 'Asunto', 'subject'],
      ['message', 'Mensaje', 'message'],
      ['copy_me', 'Enviarme una copia', 'copy_me'],
    ]);
    expect(input(view, 'from').initial_value).toBe('Tornillos del Sur S.R.L.');
    expect(input(view, 'to').initial_value).toBe('pagos@donpepe.com.ar, admin@donpepe.com.ar');
    expect(input(view, 'template').options.map((o: any) => o.text.text)).toEqual(['Plantilla original']);
    expect(input(view, 'subject').initial_value).toBe('Adjuntamos su factura Nro. 0001-00000123');
    expect(input(view, 'message').multiline).toBe(true);
    expect(input(view, 'message').initial_value).toContain('por el valor de $ 54,33 con vencimiento el 13-08-2020');
    expect(input(view, 'copy_me').options[0].value).toBe('copy_me');
    expect(input(view, 'copy_me').initial_options).toBeUndefined();
  });

  it('leaves Para empty and says so when the customer has no e-mail', async () => {
    await h.t.api('PUT', '/api/customers/sinmail', { name: 'Kiosco Sin Mail', docType: 'CF', ivaCondition: 'CONSUMIDOR_FINAL' });
    await h.invoice(130, { customerRef: 'sinmail' });
    const { view } = await open('1-130');
    expect(input(view, 'to').initial_value).toBeUndefined();
    expect(textOf(view.blocks)).toContain('Kiosco Sin Mail no tiene e-mail cargado');
  });

  it('refuses bad input inside the ack, under the field at fault, in Spanish, and sends nothing', async () => {
    await h.invoice(140);
    const opened = await open('1-140');
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ to: 'juan@' }, 'to', /"juan@" no es válida/],
      [{ to: null }, 'to', /Indique al menos un destinatario/],
      [{ to: ' ; ' }, 'to', /Indique al menos un destinatario/],
      [{ subject: 'Hola\nBcc: x@y.com' }, 'subject', /una sola línea/],
      [{ message: '   ' }, 'message', /mensaje no puede estar vacío/],
    ];
    for (const [edits, block, message] of cases) {
      const res = await submit(viewSubmission(opened, edits));
      expect(res.status).toBe(200);
      expect(res.json.response_action).toBe('errors');
      expect(Object.keys(res.json.errors)).toEqual([block]);
      expect(res.json.errors[block]).toMatch(message);
    }
    // No copy without the requester's Slack e-mail.
    const nobody = { id: 'U0SINMAIL', channel: ANA.channel };
    const res = await submit(viewSubmission(opened, { copyMe: true }, nobody));
    expect(res.json).toEqual({ response_action: 'errors', errors: { copy_me: expect.stringContaining('Slack no nos dio tu e-mail') } });
    expect(h.slack.calls.some((c) => c.method === 'users.info' && c.body.user === 'U0SINMAIL')).toBe(true);
    const id = JSON.parse(opened.view.private_metadata).i;
    expect(await h.deliveries(id)).toEqual([]);
  });

  it('closes the modal, sends once however often Slack delivers the submit, tells the requester and uploads the PDF', async () => {
    const id = await h.invoice(150);
    const opened = await open('1-150');
    const edited = viewSubmission(opened, { to: 'Juan <juan@cliente.com>; ana@cliente.com', subject: 'Su factura de julio', copyMe: true });
    const first = await submit(edited);
    expect(first).toMatchObject({ status: 200, text: '' });
    // A double click and Slack's own retry of the same view.
    expect((await submit(edited)).status).toBe(200);
    expect((await submit(edited, 1)).status).toBe(200);

    const told = await h.waitCall('chat.postEphemeral', (c) => c.body.text.includes('0001-00000150'), 'the confirmation');
    expect(told.body).toMatchObject({ channel: ANA.channel, user: ANA.id });
    expect(told.body.text).toBe(
      ':white_check_mark: Enviamos la Factura B 0001-00000150 de Ferretería Don Pepe a juan@cliente.com, ana@cliente.com. Te mandamos una copia a ana@tornillos.com.ar.',
    );
    const deliveries = await h.deliveries(id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: 'sent', to: ['juan@cliente.com', 'ana@cliente.com'], bcc: ['ana@tornillos.com.ar'], subject: 'Su factura de julio' });
    expect(h.sg.accepted().filter((m) => m.body.personalizations[0].custom_args.delivery_id === deliveries[0].id)).toHaveLength(1);

    const complete = await h.waitCall('files.completeUploadExternal', (c) => c.body.channel_id === ANA.channel, 'the PDF upload');
    const fileId = complete.body.files[0].id;
    const upload = h.slack.uploads.find((u) => u.fileId === fileId)!;
    expect(upload.filename).toBe('Factura-B-0001-00000150.pdf');
    expect(pdfText(upload.bytes)).toContain('00000150');
    expect(h.slack.callsOf('files.getUploadURLExternal').find((c) => c.response.file_id === fileId)!.body.filename).toBe('Factura-B-0001-00000150.pdf');

    // Posted once: nothing left in the outbox that could post it again.
    await h.settled();
    expect(h.slack.callsOf('chat.postEphemeral').filter((c) => c.body.text.includes('0001-00000150'))).toHaveLength(1);
    expect(h.slack.callsOf('files.completeUploadExternal').filter((c) => c.body.files[0].title === 'Factura-B-0001-00000150.pdf')).toHaveLength(1);
  });

  it('offers "Último utilizado" once the customer has one and refills Asunto and Mensaje in place when the template changes', async () => {
    await h.t.api('PUT', '/api/customers/previa', { name: 'Ferretería Previa', docType: 'CF', ivaCondition: 'CONSUMIDOR_FINAL', email: 'compras@previa.com.ar' });
    await h.invoice(160, { customerRef: 'previa' });
    const first = await open('1-160');
    expect(input(first.view, 'template').options).toHaveLength(1);
    await submit(viewSubmission(first, { message: 'Hola, va la factura 0001-00000160.' }));
    // The requester is told after the send is remembered as the customer's last used (the row reads "sent" a moment earlier).
    await h.waitCall('chat.postEphemeral', (c) => c.body.text.includes('0001-00000160'), 'the first send');
    const id = await h.invoice(161, { customerRef: 'previa' });

    const opened = await open('1-161');
    expect(input(opened.view, 'template').options.map((o: any) => o.text.text)).toEqual(['Plantilla original', 'Último utilizado']);
    expect(input(opened.view, 'template').initial_option.value).toBe('last_used');
    expect(input(opened.view, 'message').initial_value).toBe('Hola, va la factura 0001-00000161.');

    const updates = h.slack.callsOf('views.update').length;
    const edited = { ...opened, view: { ...opened.view } };
    const click = templateSwitch(h.slack, edited, 'original');
    click.view.state.values.to = { to: { type: 'plain_text_input', value: 'otro@cliente.com' } };
    expect((await postSigned(h.t.url, interactive(click))).status).toBe(200);
    const update = await waitFor(async () => h.slack.callsOf('views.update')[updates], 10_000, 'views.update');
    expect(update.body).toMatchObject({ view_id: opened.id, hash: opened.hash });
    const view = update.body.view;
    expect(input(view, 'template').initial_option.value).toBe('original');
    expect(input(view, 'subject').initial_value).toBe('Adjuntamos su factura Nro. 0001-00000161');
    expect(input(view, 'message').initial_value).toContain('Estimado cliente Ferretería Previa:');
    // New action ids so Slack shows the new text instead of keeping what was typed; block ids stay.
    expect(input(view, 'subject').action_id).not.toBe(input(opened.view, 'subject').action_id);
    expect(input(view, 'to').initial_value).toBe('otro@cliente.com');
    expect(input(view, 'to').action_id).toBe('to');

    // The refilled view submits as usual.
    const res = await submit(viewSubmission(openedView(update)));
    expect(res.text).toBe('');
    await waitFor(async () => (await h.deliveries(id)).find((d) => d.status === 'sent'), 10_000, 'the send');
    expect((await h.deliveries(id))[0]).toMatchObject({ to: ['otro@cliente.com'], subject: 'Adjuntamos su factura Nro. 0001-00000161' });
  });

  it('says why a send failed and reopens the dialog with what was typed on "Reintentar"', async () => {
    const id = await h.invoice(170);
    const opened = await open('1-170');
    h.sg.failNext({ status: 400, body: { errors: [{ message: 'Invalid from address', field: 'from' }] } });
    await submit(viewSubmission(opened, { to: 'cobranzas@cliente.com', message: 'Texto propio' }));
    const told = await h.waitCall('chat.postEphemeral', (c) => c.body.text.includes('No pudimos enviar la Factura B 0001-00000170'), 'the failure');
    expect(told.body.text).toContain('a cobranzas@cliente.com: SendGrid respondió 400: Invalid from address');
    const [retry] = buttonsOf(told.body.blocks);
    expect(retry).toMatchObject({ actionId: 'reopen_send_dialog', text: 'Reintentar' });

    const before = h.slack.callsOf('views.open').length;
    await postSigned(h.t.url, interactive(buttonClick(h.slack, retry.actionId, retry.value)));
    const view = (await waitFor(async () => h.slack.callsOf('views.open')[before], 10_000, 'the reopened dialog')).body.view;
    expect(input(view, 'to').initial_value).toBe('cobranzas@cliente.com');
    expect(input(view, 'message').initial_value).toBe('Texto propio');
    expect(JSON.parse(view.private_metadata).i).toBe(id);
  });

  it('tells the requester about a bounce, with the address and SendGrid\'s reason, and "Corregir y reenviar"', async () => {
    const id = await h.invoice(180);
    const opened = await open('1-180');
    await submit(viewSubmission(opened, { to: 'noexiste@cliente.com' }));
    await waitFor(async () => (await h.deliveries(id)).find((d) => d.status === 'sent'), 10_000, 'the send');
    const [delivery] = await h.deliveries(id);
    expect(await h.webhook([{ email: 'noexiste@cliente.com', event: 'bounce', timestamp: 2, delivery_id: delivery.id, reason: '550 5.1.1 user unknown' }])).toBe(200);

    const told = await h.waitCall('chat.postEphemeral', (c) => c.body.text.includes('Rebotó'), 'the bounce');
    expect(told.body.text).toContain('Rebotó un correo de la Factura B 0001-00000180. SendGrid dice: Rebotado (noexiste@cliente.com): 550 5.1.1 user unknown');
    expect(told.body.text).toContain('550 5.1.1 user unknown');
    const [fix] = buttonsOf(told.body.blocks);
    expect(fix).toMatchObject({ text: 'Corregir y reenviar', value: `delivery:${delivery.id}` });
    const before = h.slack.callsOf('views.open').length;
    await postSigned(h.t.url, interactive(buttonClick(h.slack, fix.actionId, fix.value)));
    const view = (await waitFor(async () => h.slack.callsOf('views.open')[before], 10_000, 'the dialog')).body.view;
    expect(input(view, 'to').initial_value).toBe('noexiste@cliente.com');
  });

  it('tells the requester by DM when the channel will not take an ephemeral message or a file', async () => {
    await h.invoice(190);
    const opened = await open('1-190');
    // Posts left from the tests before must not take the failures meant for this send.
    await h.settled();
    h.slack.failNext('chat.postEphemeral', 'channel_not_found');
    h.slack.failNext('files.completeUploadExternal', 'not_in_channel');
    await submit(viewSubmission(opened));
    const dm = await h.waitCall('chat.postMessage', (c) => c.body.channel === ANA.id && c.body.text.includes('0001-00000190'), 'the DM');
    expect(dm.body.text).toContain('Enviamos la Factura B 0001-00000190');
    await h.waitCall('conversations.open', (c) => c.body.users === ANA.id);
    await h.waitCall('files.completeUploadExternal', (c) => c.body.channel_id === 'D0ANA', 'the PDF in the DM');
  });
});

describe('A send refused after the modal closed (the PDF cannot be made)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ CHROMIUM_PATH: '/nonexistent/chromium' });
  });
  afterAll(() => h.close());
  afterEach(() => expect(h.slack.unexpected).toEqual([]));

  it('says why, records nothing, and "Reintentar" reopens the dialog with what was typed', async () => {
    const id = await h.invoice(123);
    await postSigned(h.t.url, form(slashCommand(h.slack, 'enviar 1-123')));
    const opened = openedView(await h.waitCall('views.open'));
    const long = `Estimado cliente:\n\n${'Le mando la factura de este mes. '.repeat(80)}`;
    expect((await postSigned(h.t.url, interactive(viewSubmission(opened, { to: 'compras@cliente.com', message: long })))).text).toBe('');

    const told = await h.waitCall('chat.postEphemeral', (c) => c.body.text.includes('No pudimos enviar'), 'the refusal');
    expect(told.body.text).toBe(':x: No pudimos enviar la Factura B 0001-00000123: No se pudo generar el PDF de la factura; intente de nuevo en unos minutos.');
    expect(await h.deliveries(id)).toEqual([]);
    const [retry] = buttonsOf(told.body.blocks);
    expect(retry).toMatchObject({ actionId: 'reopen_send_dialog', text: 'Reintentar' });

    const before = h.slack.callsOf('views.open').length;
    await postSigned(h.t.url, interactive(buttonClick(h.slack, retry.actionId, retry.value)));
    const view = (await waitFor(async () => h.slack.callsOf('views.open')[before], 10_000, 'the reopened dialog')).body.view;
    expect(view.blocks.find((b: any) => b.block_id === 'to').element.initial_value).toBe('compras@cliente.com');
    // The whole message, longer than a button's value could carry.
    expect(view.blocks.find((b: any) => b.block_id === 'message').element.initial_value).toBe(long);
  });
});
