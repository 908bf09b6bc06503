import { formatDateAr } from '../../common/format';
import { messages } from '../../common/messages';
import type { ReminderRunSummary } from '../../reminders/reminder-run.summary';
import { escapeMrkdwn, truncate } from '../mrkdwn';
import { Block, button, capBlocks, section, SLACK_LIMITS } from './blocks';
import { OPEN_SEND_DIALOG, SlackReply } from './command-replies.view';

const t = messages.slack.reminders;
const MAX_NAMES = 15;

/** A run with nothing to tell (nothing sent, skipped or failed) posts nothing. */
export function isWorthPosting(summary: ReminderRunSummary): boolean {
  return summary.sent.some((s) => s.count > 0) || summary.skipped.length > 0 || summary.failed.length > 0;
}

/**
 * The reminders run summary for the channel: how many went out per step,
 * which were skipped and why, which failed, each failure with a button that
 * opens the send dialog.
 */
export function reminderSummaryPost(summary: ReminderRunSummary): SlackReply {
  const title = t.title(formatDateAr(summary.asOf, '-'));
  const sentTotal = summary.sent.reduce((sum, s) => sum + s.count, 0);
  const head: Block[] = [section(`*${title}*`)];
  if (sentTotal > 0) {
    const steps = [...summary.sent].filter((s) => s.count > 0).sort((a, b) => a.step - b.step);
    head.push(section([t.sent(sentTotal), ...steps.map((s) => t.sentStep(s.count, s.step))].join('\n')));
  }
  if (summary.skipped.length) {
    const byReason = new Map<string, string[]>();
    for (const skip of summary.skipped) byReason.set(skip.reason, [...(byReason.get(skip.reason) ?? []), `${skip.document} (${skip.customerName})`]);
    const lines = [...byReason].map(([reason, names]) =>
      t.skippedLine(t.skipReason[reason as keyof typeof t.skipReason] ?? reason, escapeMrkdwn(listed(names))),
    );
    head.push(section([t.skipped(summary.skipped.length), ...lines].join('\n')));
  }
  const failures: Block[] = summary.failed.map((f) =>
    section(
      t.failedLine(escapeMrkdwn(f.document), escapeMrkdwn(f.customerName), escapeMrkdwn(truncate(f.error, 500))),
      button(t.sendByEmail, OPEN_SEND_DIALOG, f.invoiceId),
    ),
  );
  if (failures.length) head.push(section(t.failed(summary.failed.length)));
  const blocks = [...head, ...capBlocks(failures, SLACK_LIMITS.messageBlocks - head.length, t.more)];
  const text = [title, sentTotal ? t.sent(sentTotal) : '', summary.skipped.length ? t.skipped(summary.skipped.length) : '', summary.failed.length ? t.failed(summary.failed.length) : '']
    .filter(Boolean)
    .join(' · ');
  return { text, blocks };
}

function listed(names: string[]): string {
  const shown = names.slice(0, MAX_NAMES).join(', ');
  return names.length > MAX_NAMES ? `${shown} ${t.more(names.length - MAX_NAMES)}` : shown;
}
