/**
 * What one run of the reminders job did, as GET /api/reminders/runs/:id
 * reports it and as the Slack summary shows it. Emitted as
 * ReminderRunFinishedEvent when a run ends.
 */
export interface ReminderRunSummary {
  runId: string;
  trigger: 'cron' | 'api';
  /** The business day the run was for ("YYYY-MM-DD"). */
  asOf: string;
  status: 'running' | 'finished' | 'failed';
  /** Invoices considered so far and in all. */
  processed: number;
  total: number;
  /** Reminders queued by this run, per step (days after the due date; negative before it). */
  sent: { step: number; count: number }[];
  /** Invoices that were due a reminder but did not get one, and why. */
  skipped: ReminderSkip[];
  /** Reminders that could not be queued (the send use case refused or crashed). */
  failed: ReminderFailure[];
  startedAt: Date;
  finishedAt: Date | null;
}

export type ReminderSkipReason = 'no_email' | 'sent_manually_today';

export interface ReminderInvoiceRef {
  invoiceId: string;
  /** "Factura B 0001-00000123" as people name it. */
  document: string;
  customerName: string;
}

export interface ReminderSkip extends ReminderInvoiceRef {
  reason: ReminderSkipReason;
}

export interface ReminderFailure extends ReminderInvoiceRef {
  step: number;
  /** In Spanish, as the send use case said it. */
  error: string;
}

/** Emitted in-process when a run finishes; Slack posts the summary when SLACK_CHANNEL_ID is set. */
export class ReminderRunFinishedEvent {
  static readonly NAME = 'reminders.run.finished';
  constructor(readonly summary: ReminderRunSummary) {}
}
