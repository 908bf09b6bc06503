import { messages } from '../../common/messages';
import { LIMITS } from '../../mail/send-request';
import { escapeMrkdwn, truncate } from '../mrkdwn';
import type { DialogSubmission, DialogValues, InvoiceCard, SendDialog } from '../send-dialog.service';
import { Block, context, plain, SLACK_LIMITS } from './blocks';

/** The modal's callback id and block ids (DESIGN.md): errors and state are keyed by these. */
export const SEND_DIALOG = 'send_invoice';
export const FIELD_BLOCKS = ['from', 'to', 'template', 'subject', 'message', 'copy_me'] as const;

/** What the modal carries between Slack and us: the invoice, and where the person asked from. */
export interface DialogMeta {
  invoiceId: string;
  channelId: string | null;
}

const t = messages.slack.modal;

/**
 * The send dialog as a Slack modal. `revision` renames the subject and
 * message inputs' action ids after a template switch: Slack keeps what a
 * person typed in an input whose block and action ids stay the same, so a
 * refill needs fresh ones (block ids, which errors name, never change).
 */
export function sendDialogView(dialog: SendDialog, meta: DialogMeta, revision?: string): Block {
  const v = dialog.values;
  const textAction = (id: string) => (revision ? `${id}:${revision}` : id);
  const blocks: Block[] = [
    context(headerLine(dialog.invoice)),
    input('from', t.from, textInput('from', v.fromName, LIMITS.fromName), { hint: t.fromHint(dialog.replyTo) }),
    ...(dialog.invoice.customerHasEmail ? [] : [context(t.customerWithoutEmail(escapeMrkdwn(dialog.invoice.customer)))]),
    input('to', t.to, { ...textInput('to', v.to, 3000), placeholder: plain(t.toPlaceholder) }, { hint: t.toHint }),
    input('template', t.template, templateRadio(dialog.hasLastUsed, v.template), { dispatch: true }),
    input('subject', t.subject, textInput(textAction('subject'), v.subject, LIMITS.subject)),
    input('message', t.message, { ...textInput(textAction('message'), v.message, LIMITS.message), multiline: true }),
    input('copy_me', t.copyMe, copyCheckbox(v.copyMe), { optional: true }),
  ];
  return {
    type: 'modal',
    callback_id: SEND_DIALOG,
    private_metadata: JSON.stringify({ i: meta.invoiceId, c: meta.channelId }),
    title: plain(t.title, SLACK_LIMITS.viewTitle),
    submit: plain(t.submit, SLACK_LIMITS.viewButton),
    close: plain(t.close, SLACK_LIMITS.viewButton),
    blocks,
  };
}

/** "*Factura B 0001-00000123* · Cliente · $ 54,33 · vence 13-08-2020 · vencida" (mrkdwn, escaped). */
export function headerLine(invoice: InvoiceCard): string {
  const due = invoice.dueDate ? messages.slack.dueOn(invoice.dueDate) : messages.slack.noDueDate;
  return t.header(escapeMrkdwn(invoice.document), escapeMrkdwn(invoice.customer), invoice.total, due, messages.slack.invoiceStatus[invoice.status]);
}

export function readDialogMeta(privateMetadata: string | undefined): DialogMeta | null {
  try {
    const meta = JSON.parse(privateMetadata ?? '') as { i?: unknown; c?: unknown };
    if (typeof meta.i !== 'string' || !meta.i) return null;
    return { invoiceId: meta.i, channelId: typeof meta.c === 'string' && meta.c ? meta.c : null };
  } catch {
    return null;
  }
}

type StateValues = Record<string, Record<string, { type?: string; value?: string | null; selected_option?: { value?: string } | null; selected_options?: { value?: string }[] }>>;

/** The fields as the person left them; an input Slack sent empty reads as null. */
export function readDialogState(values: StateValues | undefined): DialogSubmission['values'] {
  const element = (block: string) => Object.values(values?.[block] ?? {})[0];
  const text = (block: string) => {
    const value = element(block)?.value;
    return typeof value === 'string' ? value : null;
  };
  const template = element('template')?.selected_option?.value;
  return {
    fromName: text('from'),
    to: text('to'),
    template: template === 'last_used' || template === 'original' ? template : null,
    subject: text('subject'),
    message: text('message'),
    copyMe: (element('copy_me')?.selected_options ?? []).some((o) => o.value === 'copy_me'),
  };
}

/** The values a view holds now, for a refill that keeps what was typed elsewhere. */
export function currentValues(state: DialogSubmission['values'], fallback: DialogValues): DialogValues {
  return {
    fromName: state.fromName ?? '',
    to: state.to ?? '',
    template: state.template ?? fallback.template,
    subject: state.subject ?? fallback.subject,
    message: state.message ?? fallback.message,
    copyMe: state.copyMe,
  };
}

function input(blockId: string, label: string, element: Block, options: { hint?: string; optional?: boolean; dispatch?: boolean } = {}): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element,
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint, 2000) } : {}),
    ...(options.dispatch ? { dispatch_action: true } : {}),
  };
}

function textInput(actionId: string, value: string, max: number): Block {
  // Slack refuses a view whose initial value is longer than the input allows.
  return { type: 'plain_text_input', action_id: actionId, max_length: max, ...(value ? { initial_value: truncate(value, max) } : {}) };
}

function templateRadio(hasLastUsed: boolean, chosen: 'original' | 'last_used'): Block {
  const options = [{ text: plain(t.templateOriginal), value: 'original' }];
  if (hasLastUsed) options.push({ text: plain(t.templateLastUsed), value: 'last_used' });
  const initial = options.find((o) => o.value === chosen) ?? options[0];
  return { type: 'radio_buttons', action_id: 'template', options, initial_option: initial };
}

function copyCheckbox(checked: boolean): Block {
  const option = { text: plain(t.copyMe), value: 'copy_me', description: plain(t.copyMeHint) };
  return { type: 'checkboxes', action_id: 'copy_me', options: [option], ...(checked ? { initial_options: [option] } : {}) };
}
