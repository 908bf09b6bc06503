import isEmail from 'validator/lib/isEmail';
import { AppError } from '../common/app-error';
import { messages } from '../common/messages';
import { mergeBcc, parseRecipientList } from '../common/recipient-list.parser';
import { LIMITS } from './send-request';

/**
 * The send dialog's field rules, each error naming the field (a Slack block
 * id) it belongs to. Pure and fast: the Slack handler runs them within
 * Slack's 3 seconds.
 */

// C0 controls and DEL; a single-line field allows none, the message allows tab and line breaks.
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function fromNameField(value: string): string {
  const text = value.trim();
  if (!text) throw AppError.unprocessable('missing_from', messages.send.missingFrom, 'from');
  // A line break in a header would let a value add headers of its own.
  if (CONTROL.test(text)) throw AppError.unprocessable('invalid_from', messages.send.fromNotOneLine, 'from');
  if (text.length > LIMITS.fromName) {
    throw AppError.unprocessable('from_too_long', messages.send.fromTooLong(LIMITS.fromName, text.length), 'from');
  }
  return text;
}

export function subjectField(value: string): string {
  const text = value.trim();
  if (!text) throw AppError.unprocessable('missing_subject', messages.send.missingSubject, 'subject');
  if (CONTROL.test(text)) throw AppError.unprocessable('invalid_subject', messages.send.subjectNotOneLine, 'subject');
  if (text.length > LIMITS.subject) {
    throw AppError.unprocessable('subject_too_long', messages.send.subjectTooLong(LIMITS.subject, text.length), 'subject');
  }
  return text;
}

export function messageField(value: string): string {
  if (!value.trim()) throw AppError.unprocessable('missing_message', messages.send.missingMessage, 'message');
  if (CONTROL_IN_TEXT.test(value)) throw AppError.unprocessable('invalid_message', messages.send.controlCharacters, 'message');
  if (value.length > LIMITS.message) {
    throw AppError.unprocessable('message_too_long', messages.send.messageTooLong(LIMITS.message, value.length), 'message');
  }
  return value;
}

/**
 * Para: absent means the customer's addresses; given, it must name at least
 * one, so a person who cleared the field never sees the mail go to the
 * customer anyway.
 */
export function recipientsField(given: string | null | undefined, customer: { name: string; email: string | null }): string[] {
  if (given === undefined || given === null) {
    if (!customer.email?.trim()) {
      throw AppError.unprocessable('missing_customer_email', messages.send.customerWithoutEmail(customer.name), 'to');
    }
    return parseRecipientList(customer.email, 'to').addresses;
  }
  if (CONTROL.test(given.replace(/[\r\n\t]/g, ' '))) {
    throw AppError.unprocessable('invalid_recipient', messages.send.controlCharacters, 'to');
  }
  return parseRecipientList(given, 'to').addresses;
}

/** Enviarme una copia: one address, as a blind copy unless already a recipient. */
export function copyField(to: string[], copyTo: string | null | undefined): string[] {
  const address = copyTo?.trim() || null;
  if (address && !isEmail(address)) throw AppError.unprocessable('invalid_copy_to', messages.send.invalidCopyTo(address), 'copy_me');
  return mergeBcc(to, address);
}
