import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import root from '../fixtures/slack-manifest/manifest.schema.json';
import v1 from '../fixtures/slack-manifest/manifest.schema.1.0.0.json';
import v2 from '../fixtures/slack-manifest/manifest.schema.2.0.0.json';

/**
 * The app manifests validate against Slack's published manifest schema
 * (copied from slackapi/manifest-schema v0.5.0 into test/fixtures, so a
 * clean clone checks it too) and say what the bot really needs.
 */
const SCHEMA_BASE = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/';
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(v1, `${SCHEMA_BASE}manifest.schema.1.0.0.json`);
ajv.addSchema(v2, `${SCHEMA_BASE}manifest.schema.2.0.0.json`);
const validate = ajv.compile(root);

const read = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../manifests', name), 'utf8'));
const errors = (manifest: unknown) => (validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

describe('Slack app manifests', () => {
  it.each(['slack-app.json', 'slack-app.socket-mode.json'])('%s validates against Slack\'s manifest schema', (name) => {
    expect(errors(read(name))).toEqual([]);
  });

  it('the schema refuses what Slack refuses (a command without its slash, an unknown setting)', () => {
    const broken = read('slack-app.json');
    broken.features.slash_commands[0].command = 'factura';
    broken.settings.unknown_setting = true;
    expect(errors(broken).length).toBeGreaterThan(0);
  });

  it('HTTP mode: /factura with a usage hint, every request URL on /slack/events, the scopes the bot uses', () => {
    const m = read('slack-app.json');
    expect(m.features.slash_commands).toEqual([expect.objectContaining({ command: '/factura', usage_hint: expect.stringContaining('enviar') })]);
    const urls = [m.features.slash_commands[0].url, m.settings.interactivity.request_url, m.settings.event_subscriptions.request_url];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(false);
    // commands: /factura; chat:write: posts and ephemeral answers; users:read(.email): the copy;
    // files:write: the PDF; im:write: the DM when a channel will not take a message.
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'files:write', 'im:write', 'users:read', 'users:read.email']);
  });

  it('Socket Mode: the same app with no request URLs', () => {
    const http = read('slack-app.json');
    const socket = read('slack-app.socket-mode.json');
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('request_url');
    expect(socket.features.slash_commands[0].url).toBeUndefined();
    expect(socket.oauth_config).toEqual(http.oauth_config);
  });
});
