import type { InvoiceMailValues, MailScope, MailVariable } from './mail-values';

/**
 * "Último utilizado" is stored as data, never as Liquid: literal text the
 * person typed, placeholders for the invoice's own values, and the phrases
 * of the original template that only show when a value exists. Rendering it
 * is plain concatenation, so nothing a person typed is ever parsed as a
 * template, whatever characters it holds.
 */
export type Segment =
  | { text: string }
  | { var: MailVariable; filter?: 'capitalize' | 'upcase' }
  | { if: MailVariable; then: Segment[] };

/** A part left as the original template wrote it follows the template, even after it changes. */
export type LastUsedPart = Segment[] | 'original';

export interface LastUsedTemplate {
  subject: LastUsedPart;
  message: LastUsedPart;
}

/** A phrase of the original template shown only when `variable` has a value, as rendered for one invoice. */
export interface ConditionalPhrase {
  variable: MailVariable;
  text: string;
}

const VARIABLES: readonly MailVariable[] = [
  'customer_name', 'document_name', 'letter', 'number', 'total', 'due_date', 'company_name', 'portal_url',
];
const WORD_CHAR = /[\p{L}\p{N}]/u;

export function renderSegments(segments: Segment[], scope: MailScope): string {
  return segments
    .map((s) => {
      if ('text' in s) return s.text;
      if ('var' in s) return applyFilter(scope[s.var], s.filter);
      return scope[s.if] !== '' ? renderSegments(s.then, scope) : '';
    })
    .join('');
}

function applyFilter(value: string, filter?: 'capitalize' | 'upcase'): string {
  // Liquid's own semantics, which the original templates use: capitalize lower-cases the rest.
  if (filter === 'capitalize') return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
  if (filter === 'upcase') return value.toUpperCase();
  return value;
}

export function serializeLastUsed(template: LastUsedTemplate): string {
  return JSON.stringify({ v: 1, ...template });
}

/** The stored form read back; null when it is not one we wrote (then the dialog offers the original). */
export function parseLastUsed(json: string): LastUsedTemplate | null {
  try {
    const value = JSON.parse(json) as { v?: unknown; subject?: unknown; message?: unknown };
    if (value?.v !== 1 || !isPart(value.subject) || !isPart(value.message)) return null;
    return { subject: value.subject, message: value.message };
  } catch {
    return null;
  }
}

function isPart(part: unknown): part is LastUsedPart {
  return part === 'original' || isSegments(part, 0);
}

function isSegments(value: unknown, depth: number): value is Segment[] {
  if (!Array.isArray(value) || depth > 1) return false;
  return value.every((s: Record<string, unknown>) => {
    if (!s || typeof s !== 'object') return false;
    const keys = Object.keys(s).sort().join(',');
    if (keys === 'text') return typeof s.text === 'string';
    if (keys === 'var' || keys === 'filter,var') {
      return VARIABLES.includes(s.var as MailVariable) && (s.filter === undefined || s.filter === 'capitalize' || s.filter === 'upcase');
    }
    if (keys === 'if,then') return VARIABLES.includes(s.if as MailVariable) && isSegments(s.then, depth + 1);
    return false;
  });
}

/**
 * The phrase of `withValue` missing from `withoutValue`: the original
 * template rendered for one invoice with and without one optional value. It
 * finds the due-date phrase and the portal sentence from the template itself,
 * so no sentence of a template is repeated in code.
 */
export function conditionalPhrase(variable: MailVariable, withValue: string, withoutValue: string): ConditionalPhrase | null {
  let prefix = 0;
  while (prefix < withoutValue.length && withValue[prefix] === withoutValue[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < withoutValue.length - prefix &&
    withValue[withValue.length - 1 - suffix] === withoutValue[withoutValue.length - 1 - suffix]
  ) {
    suffix++;
  }
  const text = withValue.slice(prefix, withValue.length - suffix);
  return text.trim() === '' ? null : { variable, text };
}

interface Slot {
  start: number;
  end: number;
  segment: Segment;
  /** Among equally long candidates, lower wins. */
  rank: number;
  kind: 'document' | 'number' | 'other';
}

/**
 * What was sent, as segments: the invoice's own values become placeholders
 * again (longest first, whole words only, the letter only next to the
 * document name or number), the original template's conditional phrases stay
 * conditional, and everything else is the person's literal text.
 */
export function templatize(text: string, values: InvoiceMailValues, conditionals: ConditionalPhrase[]): Segment[] {
  const candidates: Slot[] = [];
  const find = (needle: string, segment: Segment, kind: Slot['kind'] = 'other') => {
    if (needle === '') return;
    const rank = candidates.length;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      if (standsAlone(text, at, at + needle.length)) candidates.push({ start: at, end: at + needle.length, segment, rank, kind });
    }
  };

  // Listed by precedence among equally long matches. A phrase is also looked
  // for without its surrounding blank lines, which people often trim.
  for (const c of conditionals) {
    find(c.text, { if: c.variable, then: templatize(c.text, values, []) });
    const trimmed = c.text.trim();
    if (trimmed !== c.text) find(trimmed, { if: c.variable, then: templatize(trimmed, values, []) });
  }
  find(values.number, { var: 'number' }, 'number');
  find(values.total, { var: 'total' });
  find(values.dueDate ?? '', { var: 'due_date' });
  find(values.customerName, { var: 'customer_name' });
  find(values.companyName, { var: 'company_name' });
  // People capitalise the document name at the start of a sentence or a subject.
  const name = values.documentName;
  find(name, { var: 'document_name' }, 'document');
  find(applyFilter(name, 'capitalize'), { var: 'document_name', filter: 'capitalize' }, 'document');
  find(name.toUpperCase(), { var: 'document_name', filter: 'upcase' }, 'document');

  const chosen: Slot[] = [];
  const free = (s: { start: number; end: number }) => chosen.every((c) => s.end <= c.start || s.start >= c.end);
  candidates
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.rank - b.rank || a.start - b.start)
    .forEach((slot) => free(slot) && chosen.push(slot));
  chosen.push(...letterSlots(text, values.letter, chosen, free));

  chosen.sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let at = 0;
  for (const slot of chosen) {
    if (slot.start > at) segments.push({ text: text.slice(at, slot.start) });
    segments.push(slot.segment);
    at = slot.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}

/**
 * A lone letter ("A") is an ordinary word too; it is the invoice's letter
 * only right after the document name or right before the number.
 */
function letterSlots(text: string, letter: string, chosen: Slot[], free: (s: { start: number; end: number }) => boolean): Slot[] {
  if (!letter) return [];
  const slots: Slot[] = [];
  for (const slot of chosen) {
    let start = -1;
    if (slot.kind === 'document') {
      const gap = /^[ \t]+/.exec(text.slice(slot.end))?.[0].length ?? 0;
      if (gap > 0 && text.startsWith(letter, slot.end + gap)) start = slot.end + gap;
    } else if (slot.kind === 'number') {
      const gap = /[ \t]+$/.exec(text.slice(0, slot.start))?.[0].length ?? 0;
      if (gap > 0) start = slot.start - gap - letter.length;
      if (start >= 0 && !text.startsWith(letter, start)) start = -1;
    }
    const candidate: Slot = { start, end: start + letter.length, segment: { var: 'letter' }, rank: 0, kind: 'other' };
    if (start >= 0 && standsAlone(text, candidate.start, candidate.end) && free(candidate) && slots.every((s) => s.start !== start)) {
      slots.push(candidate);
    }
  }
  return slots;
}

/** The match is a whole token: no letter or digit glued to either end. */
function standsAlone(text: string, start: number, end: number): boolean {
  const glued = (inside: string | undefined, outside: string | undefined) =>
    inside !== undefined && outside !== undefined && WORD_CHAR.test(inside) && WORD_CHAR.test(outside);
  return !glued(text[start], text[start - 1]) && !glued(text[end - 1], text[end]);
}
