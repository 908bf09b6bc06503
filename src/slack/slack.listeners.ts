import { Injectable, Logger } from '@nestjs/common';
import type { App, BlockAction, ButtonAction, RadioButtonsAction, RespondFn, SlashCommand, ViewSubmitAction } from '@slack/bolt';
import { DateTime } from 'luxon';
import { AppError } from '../common/app-error';
import { messages } from '../common/messages';
import { AppConfig } from '../config/app-config';
import { DialogSubmission, Lookup, SendDialogService } from './send-dialog.service';
import { SlackOutbox } from './slack-outbox.service';
import { SlackCallError, SlackWebClient } from './slack-web.client';
import { CandidatePurpose, candidatesReply, invalidNumberReply, notFoundReply, OPEN_SEND_DIALOG, SHOW_INVOICE_STATUS, SlackReply, statusReply, usageReply } from './views/command-replies.view';
import { DOWNLOAD_PDF } from './views/invoice-post.view';
import { REOPEN_SEND_DIALOG } from './views/outcome.view';
import { currentValues, FIELD_BLOCKS, readDialogMeta, readDialogState, SEND_DIALOG, sendDialogView } from './views/send-dialog.view';

/**
 * Bolt listeners: each acks first (Slack waits 3 seconds; a trigger id
 * lives 3 seconds), calls one service method and shapes the reply. The one
 * exception is the modal submission, which must answer with field errors
 * inside its ack: it runs the send use case's fast validate first.
 */
@Injectable()
export class SlackListeners {
  private readonly logger = new Logger('Slack');

  constructor(
    private readonly dialogs: SendDialogService,
    private readonly slack: SlackWebClient,
    private readonly outbox: SlackOutbox,
    private readonly config: AppConfig,
  ) {}

  register(app: App): void {
    app.command('/factura', async ({ command, ack, respond }) => {
      await ack();
      await this.replying(respond, () => this.command(command, respond));
    });

    // "Enviar por email" on a post, a candidate, "Enviar de nuevo", a failed reminder: the dialog for that invoice.
    app.action<BlockAction<ButtonAction>>(OPEN_SEND_DIALOG, async ({ ack, body, action, respond }) => {
      await ack();
      await this.replying(respond, async () => this.open(body, await this.dialogs.dialog(action.value ?? '')));
    });

    // A candidate chosen after `/factura estado` with an ambiguous number: that invoice's status.
    app.action<BlockAction<ButtonAction>>(SHOW_INVOICE_STATUS, async ({ ack, action, respond }) => {
      await ack();
      await this.replying(respond, async () => reply(respond, statusReply(await this.dialogs.status(action.value ?? ''), (d) => this.when(d))));
    });

    // "Reintentar" / "Corregir y reenviar": the dialog with what was sent or typed.
    app.action<BlockAction<ButtonAction>>(REOPEN_SEND_DIALOG, async ({ ack, body, action, respond }) => {
      await ack();
      await this.replying(respond, async () => this.open(body, await this.dialogs.dialogToRetry(action.value ?? '')));
    });

    app.action<BlockAction<ButtonAction>>(DOWNLOAD_PDF, async ({ ack, body, action }) => {
      await ack();
      const channel = body.channel?.id ?? body.user.id;
      const threadTs = body.message?.thread_ts ?? body.message?.ts;
      await this.outbox.pdfRequested(`${action.action_ts}:${body.user.id}`, channel, { invoiceId: action.value ?? '', userId: body.user.id, threadTs });
    });

    // Plantilla: refill Asunto and Mensaje in place, keeping what was typed elsewhere.
    app.action<BlockAction<RadioButtonsAction>>('template', async ({ ack, body, action }) => {
      await ack();
      const meta = readDialogMeta(body.view?.private_metadata);
      const template = action.selected_option?.value === 'last_used' ? 'last_used' : 'original';
      if (!meta || !body.view) return;
      const state = readDialogState(body.view.state?.values as never);
      const dialog = await this.dialogs.withTemplate(meta.invoiceId, template, (defaults) => currentValues(state, defaults));
      await this.slack.updateView(body.view.id, body.view.hash, sendDialogView(dialog, meta, template)).catch((err) => {
        // hash_conflict: the person changed the view meanwhile; their newer choice wins.
        this.logger.warn({ err }, 'could not refill the send dialog');
      });
    });

    // Subscribed in the manifest so an operator learns from the log why Slack went quiet.
    app.event('app_uninstalled', async () => this.logger.warn('Slack: the app was uninstalled from the workspace; reinstall it to use /factura'));
    app.event('tokens_revoked', async () => this.logger.warn('Slack: the bot token was revoked; install the app again and update SLACK_BOT_TOKEN'));

    app.view<ViewSubmitAction>(SEND_DIALOG, async ({ ack, body, view }) => {
      const meta = readDialogMeta(view.private_metadata);
      const submission: DialogSubmission | null = meta && {
        invoiceId: meta.invoiceId,
        viewId: view.id,
        userId: body.user.id,
        channelId: meta.channelId,
        values: readDialogState(view.state.values as never),
      };
      let request;
      try {
        if (!submission) throw AppError.notFound('invoice_not_found', messages.slack.invoiceGone);
        request = await this.dialogs.check(submission);
      } catch (err) {
        await ack({ response_action: 'errors', errors: fieldError(err) });
        return;
      }
      await ack();
      try {
        await this.dialogs.send(request);
      } catch (err) {
        const reason = err instanceof AppError ? err.message : messages.slack.somethingFailed;
        if (!(err instanceof AppError)) this.logger.error({ err, viewId: view.id }, 'send from Slack failed');
        const values = currentValues(submission!.values, { fromName: '', to: '', template: 'original', subject: '', message: '', copyMe: false });
        await this.outbox.sendRefused(view.id, submission!, submission!.invoiceId, reason, values);
      }
    });
  }

  private async command(command: SlashCommand, respond: RespondFn): Promise<void> {
    const [word = '', ...rest] = command.text.trim().split(/\s+/);
    const subcommand = word.toLowerCase();
    const number = rest.join(' ');
    if (subcommand === '' || subcommand === 'ayuda' || subcommand === 'help') return reply(respond, usageReply());
    if (subcommand !== 'enviar' && subcommand !== 'estado') return reply(respond, usageReply(messages.slack.unknownSubcommand(word.slice(0, 30).replace(/[`<>&]/g, ''))));
    if (!number) return reply(respond, usageReply(messages.slack.missingNumber(subcommand)));

    if (subcommand === 'estado') {
      const found = await this.dialogs.statusForNumber(number);
      if (found.kind === 'found') return reply(respond, statusReply(found, (d) => this.when(d)));
      return reply(respond, lookupReply(found, 'status'));
    }
    const found = await this.dialogs.dialogForNumber(number);
    if (found.kind !== 'found') return reply(respond, lookupReply(found, 'send'));
    await this.slack.openView(command.trigger_id, sendDialogView(found.dialog, { invoiceId: found.dialog.invoice.id, channelId: command.channel_id }));
  }

  private async open(body: BlockAction, dialog: Awaited<ReturnType<SendDialogService['dialog']>>): Promise<void> {
    const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id ?? null;
    await this.slack.openView(body.trigger_id, sendDialogView(dialog, { invoiceId: dialog.invoice.id, channelId }));
  }

  /** Runs a listener's work after its ack; what goes wrong is said to the person, in Spanish. */
  private async replying(respond: RespondFn | undefined, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      // A trigger id lives 3 seconds: past that (a burst, a slow database) views.open cannot succeed.
      const late = err instanceof SlackCallError && err.code === 'expired_trigger_id';
      if (!(err instanceof AppError)) this.logger[late ? 'warn' : 'error']({ err }, 'Slack listener failed');
      const text = err instanceof AppError ? err.message : late ? messages.slack.tooSlow : messages.slack.somethingFailed;
      await respond?.({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
    }
  }

  private when(date: Date): string {
    return DateTime.fromJSDate(date, { zone: this.config.timezone }).toFormat('dd-MM-yyyy HH:mm');
  }
}

function lookupReply(found: Exclude<Lookup<unknown>, { kind: 'found' }>, purpose: CandidatePurpose): SlackReply {
  if (found.kind === 'invalid') return invalidNumberReply(found.text);
  if (found.kind === 'several') return candidatesReply(found.number, found.candidates, purpose);
  return notFoundReply(found.number, found.closest, purpose);
}

async function reply(respond: RespondFn, message: SlackReply): Promise<void> {
  await respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks as never });
}

/** A refused submission, as Slack shows it: the message under the block it names. */
function fieldError(err: unknown): Record<string, string> {
  if (!(err instanceof AppError)) return { from: messages.slack.somethingFailed };
  const field = (FIELD_BLOCKS as readonly string[]).includes(err.field ?? '') ? err.field! : 'from';
  return { [field]: err.message };
}
