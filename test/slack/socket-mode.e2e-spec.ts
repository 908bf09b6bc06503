import { ANA, openedView, slashCommand, viewSubmission } from '../support/slack-requests';
import { waitFor } from '../support/wait';
import { SlackHarness, startSlackHarness, textOf } from './slack-harness';

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({}, { socketMode: true });
    await waitFor(async () => h.slack.socket.connected(), 10_000, 'the Socket Mode connection');
  });
  afterAll(() => h.close());
  afterEach(() => expect(h.slack.unexpected).toEqual([]));

  it('connects with the app token through apps.connections.open and takes no HTTP requests', async () => {
    const open = h.slack.callsOf('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0].token).toBe(h.slack.appToken);
    const res = await fetch(`${h.t.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
  });

  it('opens the same modal for the same command, and a submission sends once', async () => {
    const id = await h.invoice(123);
    const ack = await h.slack.socket.send('slash_commands', slashCommand(h.slack, 'enviar 1-123'));
    expect(ack.payload ?? {}).toEqual({});
    const call = await h.waitCall('views.open', () => true, 'views.open');
    expect(call.body.view.callback_id).toBe('send_invoice');
    expect(textOf(call.body.view.blocks)).toContain('*Factura B 0001-00000123* · Ferretería Don Pepe');

    const bad = await h.slack.socket.send('interactive', viewSubmission(openedView(call), { to: 'juan@' }));
    expect(bad.payload).toEqual({ response_action: 'errors', errors: { to: expect.stringContaining('"juan@" no es válida') } });

    const submission = viewSubmission(openedView(call));
    const ok = await h.slack.socket.send('interactive', submission);
    expect(ok.payload ?? {}).toEqual({});
    await h.slack.socket.send('interactive', submission);
    const told = await h.waitCall('chat.postEphemeral', (c) => c.body.user === ANA.id, 'the confirmation');
    expect(told.body.text).toContain('Enviamos la Factura B 0001-00000123');
    expect(await h.deliveries(id)).toHaveLength(1);
  });
});
