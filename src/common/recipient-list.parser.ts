import addressparser from 'nodemailer/lib/addressparser';
import isEmail from 'validator/lib/isEmail';
import { AppError } from './app-error';
import { formatNumberAr } from './format';
import { messages } from './messages';

/** SendGrid counts to + cc + bcc of a personalization against this cap. */
export const MAX_RECIPIENTS = 1000;

export interface RecipientList {
  addresses: string[];
}

/**
 * The "Para" field as people type it: addresses separated by `,` or `;` (or
 * line breaks, as pasted from a spreadsheet column), `Name <address>` forms
 * welcome, duplicates removed keeping the first spelling. RFC 5322 groups
 * ("Amigos: a@x.com, b@y.com;") are refused: a list is a plain list. Errors
 * name `field`.
 */
export function parseRecipientList(input: string, field = 'to'): RecipientList {
  const addresses = uniqueAddresses(parseEntries(input ?? '', field));
  if (addresses.length === 0) {
    throw AppError.unprocessable('missing_recipient', messages.send.missingRecipient, field);
  }
  assertWithinCap(addresses.length, field);
  return { addresses };
}

/**
 * The bcc of a send: the requester's copy address, unless it is already a
 * recipient (SendGrid refuses an address twice within a personalization, and
 * the person gets the mail anyway).
 */
export function mergeBcc(to: string[], copyTo: string | null): string[] {
  if (!copyTo || copyTo.trim() === '') return [];
  const taken = new Set(to.map((a) => a.toLowerCase()));
  const bcc = uniqueAddresses(parseEntries(copyTo, 'copy_me')).filter((a) => !taken.has(a.toLowerCase()));
  assertWithinCap(to.length + bcc.length, 'copy_me');
  return bcc;
}

function parseEntries(input: string, field: string): string[] {
  return splitEntries(input).flatMap((entry) => parseEntry(entry, field));
}

/**
 * addressparser reads `;` as the end of an RFC 5322 group and anything
 * unseparated as a display name ("a@x.com b@y.com" would silently lose
 * a@x.com), so entries are cut here first, on separators outside quotes,
 * comments and angle brackets, and each is parsed and judged on its own. That
 * also lets an error quote exactly what the person typed.
 */
function splitEntries(input: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let commentDepth = 0;
  let angled = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted || commentDepth > 0) {
      current += ch;
      if (ch === '\\' && i + 1 < input.length) current += input[++i];
      else if (quoted && ch === '"') quoted = false;
      else if (!quoted && ch === '(') commentDepth++;
      else if (!quoted && ch === ')') commentDepth--;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '(') commentDepth = 1;
    else if (ch === '<') angled = true;
    else if (ch === '>') angled = false;
    else if (!angled && (ch === ',' || ch === ';' || ch === '\n' || ch === '\r')) {
      entries.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  entries.push(current);
  return entries.map((e) => e.trim()).filter((e) => e !== '');
}

function parseEntry(entry: string, field: string): string[] {
  const parsed = addressparser(entry);
  // A group ("Amigos: a@x.com") hides addresses behind a name: refused.
  if (parsed.some((m) => 'group' in m)) throw invalidRecipient(entry, field);
  const mailboxes = (parsed as { name: string; address: string }[]).filter((m) => m.address !== '' || m.name !== '');
  const addresses = mailboxes.map((m) => m.address.trim());
  const valid =
    mailboxes.length > 0 &&
    // An "@" in the display name means two addresses ran together.
    mailboxes.every((m) => !m.name.includes('@')) &&
    addresses.every((a) => isEmail(a));
  if (!valid) throw invalidRecipient(entry, field);
  return addresses;
}

function uniqueAddresses(addresses: string[]): string[] {
  const seen = new Map<string, string>();
  for (const address of addresses) {
    const key = address.toLowerCase();
    if (!seen.has(key)) seen.set(key, address);
  }
  return [...seen.values()];
}

function assertWithinCap(count: number, field: string): void {
  if (count > MAX_RECIPIENTS) {
    const say = messages.send.tooManyRecipients(formatNumberAr(String(MAX_RECIPIENTS), 0), formatNumberAr(String(count), 0));
    throw AppError.unprocessable('too_many_recipients', say, field);
  }
}

function invalidRecipient(entry: string, field: string): AppError {
  const shown = entry.length > 100 ? `${entry.slice(0, 100)}…` : entry;
  return AppError.unprocessable('invalid_recipient', messages.send.invalidRecipient(shown), field);
}
