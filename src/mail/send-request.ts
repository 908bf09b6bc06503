import type { ReminderTone } from '../templates/mail.renderer';
import type { DeliveryOrigin } from './delivery.record';

/** The send dialog's fields, named as the Slack modal's block ids; validation errors name one of these. */
export type SendField = 'from' | 'to' | 'template' | 'subject' | 'message' | 'copy_me';

/** A reminder's place in the schedule: which step, and how firm its words are. */
export interface ReminderRequest {
  /** Days after the due date this reminder is for (negative: before it). */
  step: number;
  tone: ReminderTone;
}

/** What a caller asks for; every field but the invoice is optional. */
export interface SendRequest {
  invoiceId: string;
  /** A reminder's words come from its own templates; subject, message and template do not apply. */
  reminder?: ReminderRequest | null;
  fromName?: string | null;
  /**
   * One or more addresses separated by "," or ";". Absent (undefined or
   * null): the customer's e-mail field. Given but empty: an error, never
   * the customer's addresses.
   */
  to?: string | null;
  /** Absent: as the dialog defaults, "Último utilizado" when the customer has one, else the original. */
  template?: 'original' | 'last_used' | null;
  /** Literal text as the person left it; default: from the template. */
  subject?: string | null;
  message?: string | null;
  /** The requester's address: same e-mail, same PDF, as a blind copy. */
  copyTo?: string | null;
  /** Built with idempotencyKeys (idempotency-key.ts); same key and request, same delivery. */
  idempotencyKey?: string | null;
  /** Who asked ("api", "auto", "reminder", "slack:<user id>"), for the record. */
  requestedBy?: string | null;
  /** Where to tell the outcome (the Slack conversation the person asked from). */
  origin?: DeliveryOrigin | null;
}

/** The dialog's defaults for one invoice (the Slack modal shows these). */
export interface SendDefaults {
  fromName: string;
  /** Where the customer's replies go (the company e-mail). */
  replyTo: string;
  to: string;
  template: 'original' | 'last_used';
  hasLastUsed: boolean;
  subject: string;
  message: string;
  drafts: { original: { subject: string; message: string }; last_used: { subject: string; message: string } | null };
}

export const LIMITS = {
  fromName: 100,
  subject: 255,
  /** A Slack plain-text input holds 3,000 characters. */
  message: 3000,
} as const;
