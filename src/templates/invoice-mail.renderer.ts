import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Liquid, Template } from 'liquidjs';
import { AppError } from '../common/app-error';
import { formatDateAr, formatMoneyAr } from '../common/format';
import type { InvoiceDocument } from '../invoices/invoice-document';
import { DOCUMENT_NAMES } from '../invoices/voucher';
import { createSafeLiquid, TEMPLATES_DIR } from './liquid.factory';

/** The invoice's values as the e-mail shows them, already formatted. */
export interface InvoiceMailValues {
  customerName: string;
  /** "factura", "nota de crédito", "nota de débito" */
  documentName: string;
  letter: string;
  /** "0001-00000123" */
  number: string;
  /** "$ 54,33" */
  total: string;
  /** "13-08-2020", or null when the invoice has none. */
  dueDate: string | null;
  companyName: string;
  /** The customer's portal page, or null when the company has no portal. */
  portalUrl: string | null;
}

/** Liquid sources of subject and message (the original ones, or a "last used" pair). */
export interface MailTemplate {
  subject: string;
  message: string;
}

/** Subject and message as the person sees and edits them in the dialog. */
export interface MailDraft {
  subject: string;
  message: string;
}

/** What goes out. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The words of the message that stand for the portal: the URL follows them
 * in the text body and they become the anchor in the HTML body. Keeping a
 * plain phrase (not a placeholder) in the draft lets people edit around it in
 * a Slack text box.
 */
export const PORTAL_LINK_WORDS = 'este link';

const ORIGINAL_SUBJECT_FILE = 'mail/invoice-subject.liquid';
const ORIGINAL_MESSAGE_FILE = 'mail/invoice-message.liquid';

// The two parts of the original message that depend on the invoice, as the
// original template writes them; a "last used" template keeps them conditional.
const DUE_DATE_PHRASE = ' con vencimiento el ';
const PORTAL_SENTENCE = 'Puede acceder al listado de todas las facturas y saldos haciendo clic en este link.';
const IF_DUE_DATE = '{% if due_date != blank %}';
const IF_PORTAL = '{% if portal_url != blank %}';
const END_IF = '{% endif %}';

// Tags that reach the file system; the original templates need none of them.
const FORBIDDEN_TAGS = ['include', 'render', 'layout', 'block'];

const WORD_CHAR = /[\p{L}\p{N}]/u;
const PORTAL_LINK = new RegExp(`(?<![\\p{L}\\p{N}])${PORTAL_LINK_WORDS}(?![\\p{L}\\p{N}])`, 'giu');

/** The values of an invoice, formatted for the e-mail (es-AR money, dd-mm-yyyy). */
export function invoiceMailValues(doc: InvoiceDocument, portalUrl: string | null): InvoiceMailValues {
  return {
    customerName: doc.customer.name,
    documentName: DOCUMENT_NAMES[doc.kind],
    letter: doc.letter,
    number: doc.displayNumber,
    total: formatMoneyAr(doc.total, doc.currency),
    dueDate: doc.dueDate ? formatDateAr(doc.dueDate, '-') : null,
    companyName: doc.company.legalName,
    portalUrl,
  };
}

/**
 * Subject and message of an invoice e-mail: drafted from the original
 * templates (templates/mail/) or from a customer's "last used" pair, turned
 * into text and HTML bodies, and turned back into a template after sending.
 */
@Injectable()
export class InvoiceMailRenderer {
  private readonly liquid: Liquid;
  private readonly original: MailTemplate;
  private readonly originalParsed: { subject: Template[]; message: Template[] };

  constructor() {
    // "Last used" templates are written by people, so everything renders on
    // the hardened engine, minus the tags that read files.
    this.liquid = createSafeLiquid({ html: false });
    for (const tag of FORBIDDEN_TAGS) {
      this.liquid.registerTag(tag, {
        parse() {
          throw new Error(`etiqueta no permitida "${tag}"`);
        },
        render() {
          return '';
        },
      });
    }
    this.original = {
      subject: readFileSync(join(TEMPLATES_DIR, ORIGINAL_SUBJECT_FILE), 'utf8'),
      message: readFileSync(join(TEMPLATES_DIR, ORIGINAL_MESSAGE_FILE), 'utf8'),
    };
    this.originalParsed = {
      subject: this.liquid.parse(this.original.subject, ORIGINAL_SUBJECT_FILE),
      message: this.liquid.parse(this.original.message, ORIGINAL_MESSAGE_FILE),
    };
  }

  /** The original templates' sources. */
  get originalTemplate(): MailTemplate {
    return { ...this.original };
  }

  /**
   * Subject and message for this invoice from `template`, or from the
   * original templates when none is given. A template that does not parse or
   * render is an AppError 422 `invalid_template`.
   */
  async renderDraft(values: InvoiceMailValues, template?: MailTemplate | null): Promise<MailDraft> {
    if (!template) return this.renderOriginal(values);
    const scope = liquidScope(values);
    const subject = await this.renderGiven(template.subject, scope, 'asunto');
    const message = await this.renderGiven(template.message, scope, 'mensaje');
    return { subject: cleanSubject(subject), message: cleanMessage(message) };
  }

  /**
   * The bodies of the e-mail from the (possibly edited) draft: the text is
   * the message with the portal URL after "este link"; the HTML is the
   * message escaped, in paragraphs, with "este link" as the portal anchor.
   */
  renderMail(draft: MailDraft, portalUrl: string | null): RenderedMail {
    const subject = cleanSubject(draft.subject);
    const message = cleanMessage(draft.message);
    if (subject === '') throw AppError.unprocessable('missing_subject', 'El asunto no puede estar vacío.');
    if (message === '') throw AppError.unprocessable('missing_message', 'El mensaje no puede estar vacío.');
    if (portalUrl !== null && !/^https?:\/\//i.test(portalUrl)) {
      throw new Error(`Portal URL must be http(s): ${portalUrl}`);
    }
    const text = portalUrl ? message.replace(PORTAL_LINK, (words) => `${words} (${portalUrl})`) : message;
    return { subject, text, html: htmlDocument(subject, message, portalUrl) };
  }

  /**
   * What was sent, as the customer's "last used" template: the invoice's own
   * values become placeholders again (longest first, whole words only, the
   * letter only next to the document name or number), what the person typed
   * stays as literal text (Liquid syntax included), and the due-date phrase
   * and portal sentence stay conditional. An unedited part gives back the
   * original template itself.
   */
  toLastUsedTemplate(subject: string, message: string, values: InvoiceMailValues): MailTemplate {
    const original = this.renderOriginalSync(values);
    return {
      subject: cleanSubject(subject) === original.subject ? this.original.subject : templatize(normalizeEol(subject), values),
      message:
        cleanMessage(message) === original.message ? this.original.message : templatize(normalizeEol(message), values),
    };
  }

  private async renderOriginal(values: InvoiceMailValues): Promise<MailDraft> {
    const scope = liquidScope(values);
    return {
      subject: cleanSubject(await this.liquid.render(this.originalParsed.subject, scope)),
      message: cleanMessage(await this.liquid.render(this.originalParsed.message, scope)),
    };
  }

  private renderOriginalSync(values: InvoiceMailValues): MailDraft {
    const scope = liquidScope(values);
    return {
      subject: cleanSubject(this.liquid.renderSync(this.originalParsed.subject, scope)),
      message: cleanMessage(this.liquid.renderSync(this.originalParsed.message, scope)),
    };
  }

  private async renderGiven(source: string, scope: Record<string, string>, part: string): Promise<string> {
    try {
      return await this.liquid.parseAndRender(source, scope);
    } catch (err) {
      throw AppError.unprocessable(
        'invalid_template',
        `La plantilla no se pudo procesar: ${describeLiquidError(err)} (en el ${part}).`,
      );
    }
  }
}

/** Every variable is always present (empty when absent) since strictVariables makes a missing one an error. */
function liquidScope(v: InvoiceMailValues): Record<string, string> {
  return {
    customer_name: v.customerName,
    document_name: v.documentName,
    letter: v.letter,
    number: v.number,
    total: v.total,
    due_date: v.dueDate ?? '',
    company_name: v.companyName,
    portal_url: v.portalUrl ?? '',
  };
}

function normalizeEol(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function cleanSubject(subject: string): string {
  return subject.replace(/\s+/g, ' ').trim();
}

function cleanMessage(message: string): string {
  return normalizeEol(message)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

function htmlDocument(subject: string, message: string, portalUrl: string | null): string {
  const link = portalUrl ? `<a href="${escapeHtml(portalUrl)}">` : null;
  const paragraphs = message
    .split(/\n\s*\n/)
    .map((p) => {
      const escaped = escapeHtml(p.trim()).replace(/\n/g, '<br>\n');
      return `<p>${link ? escaped.replace(PORTAL_LINK, (words) => `${link}${words}</a>`) : escaped}</p>`;
    })
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="es-AR">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body>',
    paragraphs,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

interface Slot {
  start: number;
  end: number;
  output: string;
  /** Among equally long candidates, lower wins. */
  rank: number;
  kind: 'document' | 'number' | 'other';
}

function templatize(text: string, values: InvoiceMailValues): string {
  const candidates: Slot[] = [];
  const find = (needle: string, output: string, kind: Slot['kind'] = 'other') => {
    if (needle === '') return;
    const rank = candidates.length;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      if (standsAlone(text, at, at + needle.length)) {
        candidates.push({ start: at, end: at + needle.length, output, rank, kind });
      }
    }
  };

  // Listed by precedence among equally long matches.
  if (values.dueDate) {
    find(
      `${DUE_DATE_PHRASE}${values.dueDate}`,
      `${IF_DUE_DATE}${DUE_DATE_PHRASE}{{ due_date }}${END_IF}`,
    );
  }
  find(`${PORTAL_SENTENCE}\n\n`, `${IF_PORTAL}${PORTAL_SENTENCE}\n\n${END_IF}`);
  find(PORTAL_SENTENCE, `${IF_PORTAL}${PORTAL_SENTENCE}${END_IF}`);
  find(values.number, '{{ number }}', 'number');
  find(values.total, '{{ total }}');
  find(values.dueDate ?? '', '{{ due_date }}');
  find(values.customerName, '{{ customer_name }}');
  find(values.companyName, '{{ company_name }}');
  // People capitalise the document name at the start of a sentence or a subject.
  const name = values.documentName;
  find(name, '{{ document_name }}', 'document');
  find(capitalize(name), '{{ document_name | capitalize }}', 'document');
  find(name.toUpperCase(), '{{ document_name | upcase }}', 'document');

  const chosen: Slot[] = [];
  const free = (s: { start: number; end: number }) => chosen.every((c) => s.end <= c.start || s.start >= c.end);
  candidates
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.rank - b.rank || a.start - b.start)
    .forEach((slot) => free(slot) && chosen.push(slot));

  // A lone letter ("A") is an ordinary word too; it is the invoice's letter
  // only right after the document name or right before the number.
  if (values.letter) {
    for (const slot of [...chosen]) {
      let start = -1;
      if (slot.kind === 'document') {
        const gap = /^[ \t]+/.exec(text.slice(slot.end))?.[0].length ?? 0;
        if (gap > 0 && text.startsWith(values.letter, slot.end + gap)) start = slot.end + gap;
      } else if (slot.kind === 'number') {
        const gap = /[ \t]+$/.exec(text.slice(0, slot.start))?.[0].length ?? 0;
        if (gap > 0) start = slot.start - gap - values.letter.length;
        if (start >= 0 && !text.startsWith(values.letter, start)) start = -1;
      }
      const letterSlot = { start, end: start + values.letter.length, output: '{{ letter }}', rank: 0, kind: 'other' as const };
      if (start >= 0 && standsAlone(text, letterSlot.start, letterSlot.end) && free(letterSlot)) chosen.push(letterSlot);
    }
  }

  chosen.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const slot of chosen) {
    out += literal(text.slice(at, slot.start)) + slot.output;
    at = slot.end;
  }
  return out + literal(text.slice(at));
}

/** The match is a whole token: no letter or digit glued to either end. */
function standsAlone(text: string, start: number, end: number): boolean {
  const glued = (inside: string | undefined, outside: string | undefined) =>
    inside !== undefined && outside !== undefined && WORD_CHAR.test(inside) && WORD_CHAR.test(outside);
  return !glued(text[start], text[start - 1]) && !glued(text[end - 1], text[end]);
}

/**
 * Text the person typed, made inert for Liquid. `{{`/`{%` go inside
 * `{% raw %}`; a trailing `{` too, since it would join the `{{`/`{%` of the
 * next placeholder. A raw block ends at the first `{% endraw %}`, so one
 * typed inside is cut between its `{` and `%` into two raw blocks.
 */
function literal(text: string): string {
  if (!/\{[{%]/.test(text) && !text.endsWith('{')) return text;
  const chunks: string[] = [];
  let from = 0;
  for (const m of text.matchAll(/\{%-?\s*endraw/g)) {
    chunks.push(text.slice(from, m.index + 1));
    from = m.index + 1;
  }
  chunks.push(text.slice(from));
  return chunks.map((chunk) => `{% raw %}${chunk}{% endraw %}`).join('');
}

function capitalize(text: string): string {
  // Liquid's capitalize lower-cases the rest, so only that shape round-trips.
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

/** liquidjs' error in Spanish where it is a common mistake, with its position. */
function describeLiquidError(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const position = /line:(\d+), col:(\d+)/.exec(raw);
  const where = position ? `, línea ${position[1]}, columna ${position[2]}` : '';
  const first = raw.split('\n')[0].replace(/, line:\d+, col:\d+.*$/, '');
  const translations: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^undefined variable: (.+)$/, (m) => `variable desconocida "${m[1]}"`],
    [/^undefined filter: (.+)$/, (m) => `filtro desconocido "${m[1]}"`],
    [/^tag "(.+)" not found$/, (m) => `etiqueta desconocida "${m[1]}"`],
    [/^(tag|output) .* not closed$/, () => 'etiqueta sin cerrar'],
    [/limit exceeded/, () => 'la plantilla excede los límites de tamaño o de tiempo'],
  ];
  for (const [pattern, say] of translations) {
    const m = pattern.exec(first);
    if (m) return say(m) + where;
  }
  return first + where;
}
