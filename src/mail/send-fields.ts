import isEmail from 'validator/lib/isEmail';
import { AppError } from '../common/app-error';
import { messages } from '../common/messages';
import { mergeBcc, parseRecipientList } from '../common/recipient-list.parser';
import { hasForbiddenCharacters, hasLineBreak } from '../common/text-rules';
import { LIMITS } from './send-request';

/**
 * The send dialog's field rules, each error naming the field (a Slack block
 * id) it belongs to. Pure and fast: the Slack handler runs them within
 * Slack's 3 seconds.
 */

// The same characters every stored text refuses (src/common/text-rules.ts):
// controls, line breaks where one line goes (a header could gain headers of
// its own), and bidi overrides that would show "Tornillos S.R.L." for
// another name or "exe.png" for "gnp.exe".
function oneLine(text: string, field: string, notOneLine: string): void {
  if (hasLineBreak(text)) throw AppError.unprocessable(`invalid_${field}`, notOneLine, field);
  if (hasForbiddenCharacters(text)) throw AppError.unprocessable(`invalid_${field}`, messages.send.controlCharacters, field);
}

export function fromNameField(value: string): string {
  const text = value.trim();
  if (!text) throw AppError.unprocessable('missing_from', messages.send.missingFrom, 'from');
  oneLine(text, 'from', messages.send.fromNotOneLine);
  if (text.length > LIMITS.fromName) {
    throw AppError.unprocessable('from_too_long', messages.send.fromTooLong(LIMITS.fromName, text.length), 'from');
  }
  return text;
}

export function subjectField(value: string): string {
  const text = value.trim();
  if (!text) throw AppError.unprocessable('missing_subject', messages.send.missingSubject, 'subject');
  oneLine(text, 'subject', messages.send.subjectNotOneLine);
  if (text.length > LIMITS.subject) {
    throw AppError.unprocessable('subject_too_long', messages.send.subjectTooLong(LIMITS.subject, text.length), 'subject');
  }
  return text;
}

export function messageField(value: string): string {
  if (!value.trim()) throw AppError.unprocessable('missing_message', messages.send.missingMessage, 'message');
  if (hasForbiddenCharacters(value, { multiLine: true })) throw AppError.unprocessable('invalid_message', messages.send.controlCharacters, 'message');
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
  // Line breaks and tabs separate addresses as commas do; anything else of that kind is refused.
  if (hasForbiddenCharacters(given.replace(/[\r\n\t]/g, ' '))) {
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
