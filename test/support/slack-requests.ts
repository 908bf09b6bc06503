import { createHmac } from 'node:crypto';
import type { FakeSlack } from '../fakes/fake-slack.server';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const TEAM = { id: 'T0FAKE', domain: 'tornillos' };

/** The env that turns Slack on (HTTP mode) against the fake. */
export function slackEnv(slack: FakeSlack, extra: Record<string, string> = {}): Record<string, string> {
  return { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl, ...extra };
}

export interface SignedOptions {
  secret?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  retryNum?: number;
  retryReason?: string;
  contentType?: 'application/x-www-form-urlencoded' | 'application/json';
}

/** A request to /slack/events signed as Slack signs it (v0 HMAC-SHA256 of `v0:timestamp:body`). */
export async function postSigned(appUrl: string, body: string, options: SignedOptions = {}): Promise<{ status: number; text: string; json: any }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
  };
  if (options.retryNum) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  const res = await fetch(`${appUrl}/slack/events`, { method: 'POST', headers, body });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, text, json };
}

export interface Person {
  id: string;
  channel: string;
}

export const ANA: Person = { id: 'U0ANA', channel: 'C0FINANZAS' };

/** The form Slack posts for `/factura <text>`. */
export function slashCommand(slack: FakeSlack, text: string, who: Person = ANA): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: who.channel,
    channel_name: 'finanzas',
    user_id: who.id,
    user_name: who.id.toLowerCase(),
    command: '/factura',
    text,
    api_app_id: 'A0FAKE',
    response_url: slack.responseUrl(),
    trigger_id: slack.trigger(),
  };
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** An interactivity payload, form-encoded as Slack posts it. */
export function interactive(payload: unknown): string {
  return form({ payload: JSON.stringify(payload) });
}

/** What every interaction payload carries: the workspace, the person, the app. */
function envelope(who: Person) {
  return {
    team: { id: TEAM.id, domain: TEAM.domain },
    user: { id: who.id, username: who.id.toLowerCase(), team_id: TEAM.id },
    api_app_id: 'A0FAKE',
    token: 'deprecated-verification-token',
  };
}

/** A button click on a message (`ephemeral` when only the person saw it). */
export function buttonClick(slack: FakeSlack, actionId: string, value: string, who: Person = ANA, message?: { ts: string }) {
  return {
    type: 'block_actions',
    ...envelope(who),
    container: message ? { type: 'message', message_ts: message.ts, channel_id: who.channel, is_ephemeral: false } : { type: 'message', channel_id: who.channel, is_ephemeral: true },
    trigger_id: slack.trigger(),
    channel: { id: who.channel, name: 'finanzas' },
    ...(message ? { message: { type: 'message', ts: message.ts, text: '' } } : {}),
    response_url: slack.responseUrl(),
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value, text: { type: 'plain_text', text: 'x' }, action_ts: `${Date.now() / 1000}` }],
  };
}

type Edits = Partial<Record<'from' | 'to' | 'subject' | 'message', string | null>> & { template?: 'original' | 'last_used'; copyMe?: boolean };

/** The state Slack would send for a modal as opened, with what the person changed. */
export function viewState(view: any, edits: Edits = {}): Record<string, Record<string, any>> {
  const values: Record<string, Record<string, any>> = {};
  for (const block of view.blocks.filter((b: any) => b.type === 'input')) {
    const el = block.element;
    const id = block.block_id as keyof Edits;
    if (el.type === 'plain_text_input') {
      const edited = id in edits ? edits[id] : undefined;
      values[block.block_id] = { [el.action_id]: { type: el.type, value: edited !== undefined ? edited : (el.initial_value ?? null) } };
    } else if (el.type === 'radio_buttons') {
      const chosen = edits.template ?? el.initial_option?.value;
      const option = el.options.find((o: any) => o.value === chosen) ?? null;
      values[block.block_id] = { [el.action_id]: { type: el.type, selected_option: option } };
    } else if (el.type === 'checkboxes') {
      const checked = edits.copyMe ?? Boolean(el.initial_options?.length);
      values[block.block_id] = { [el.action_id]: { type: el.type, selected_options: checked ? el.options : [] } };
    }
  }
  return values;
}

/** The view_submission Slack posts when the person presses "Enviar" on a modal the fake opened. */
export function viewSubmission(opened: { id: string; hash: string; view: any }, edits: Edits = {}, who: Person = ANA) {
  return {
    type: 'view_submission',
    ...envelope(who),
    trigger_id: `${Date.now()}.fake.trigger`,
    view: { ...opened.view, id: opened.id, hash: opened.hash, team_id: TEAM.id, type: 'modal', state: { values: viewState(opened.view, edits) } },
  };
}

/** A click on the modal's Plantilla radio (block_actions from inside the view). */
export function templateSwitch(slack: FakeSlack, opened: { id: string; hash: string; view: any }, template: 'original' | 'last_used', who: Person = ANA) {
  const option = opened.view.blocks.find((b: any) => b.block_id === 'template').element.options.find((o: any) => o.value === template);
  return {
    type: 'block_actions',
    ...envelope(who),
    container: { type: 'view', view_id: opened.id },
    trigger_id: slack.trigger(),
    view: { ...opened.view, id: opened.id, hash: opened.hash, state: { values: viewState(opened.view, { template }) } },
    actions: [{ type: 'radio_buttons', action_id: 'template', block_id: 'template', selected_option: option, action_ts: `${Date.now() / 1000}` }],
  };
}

/** The modal a views.open (or views.update) call showed, as the test submits it. */
export function openedView(call: { body: any; response: any }): { id: string; hash: string; view: any } {
  return { id: call.response.view.id, hash: call.response.view.hash, view: call.body.view };
}
