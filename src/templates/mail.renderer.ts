import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Liquid, Template } from 'liquidjs';
import { AppError } from '../common/app-error';
import { messages } from '../common/messages';
import {
  conditionalPhrase, ConditionalPhrase, LastUsedPart, LastUsedTemplate, renderSegments, templatize,
} from './last-used.template';
import { createSafeLiquid, TEMPLATES_DIR } from './liquid.factory';
import { InvoiceMailValues, mailScope, MailVariable, ReminderMailValues, reminderScope } from './mail-values';

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

export type ReminderTone = 'friendly' | 'firm' | 'final';

const FILES = {
  invoiceSubject: 'mail/invoice-subject.liquid',
  invoiceMessage: 'mail/invoice-message.liquid',
  reminderSubject: 'mail/reminder-subject.liquid',
  reminderFriendly: 'mail/reminder-message-friendly.liquid',
  reminderFirm: 'mail/reminder-message-firm.liquid',
  reminderFinal: 'mail/reminder-message-final.liquid',
  bodyHtml: 'mail/body.html.liquid',
  bodyText: 'mail/body.txt.liquid',
} as const;

/** Values of the original template that may be absent, each shown by a phrase of its own. */
const OPTIONAL: MailVariable[] = ['due_date', 'portal_url'];

/**
 * Every e-mail's words come from templates/mail/: the invoice mail (the
 * dialog's "Plantilla original"), the reminders, and the HTML and text
 * bodies. The words that stand for the portal link are the ones the
 * templates mark with the `portal_link` filter: the URL follows them in the
 * text body and they become the anchor in the HTML.
 */
@Injectable()
export class MailRenderer {
  private readonly text: Liquid = createSafeLiquid({ html: false });
  private readonly html: Liquid = createSafeLiquid({ html: true });
  private readonly parsed: Record<keyof typeof FILES, Template[]>;
  private readonly linkWords = new Set<string>();
  private readonly linkPattern: RegExp;

  constructor() {
    this.text.registerFilter('portal_link', (words: string) => {
      this.linkWords.add(String(words));
      return words;
    });
    this.parsed = Object.fromEntries(
      Object.entries(FILES).map(([key, file]) => {
        const engine = file.endsWith('.html.liquid') ? this.html : this.text;
        return [key, engine.parse(readFileSync(join(TEMPLATES_DIR, file), 'utf8'), file)];
      }),
    ) as Record<keyof typeof FILES, Template[]>;
    // Render each message once with a portal so the filter records its words.
    const sample = { ...mailScope(SAMPLE), days_overdue: 1, balance: SAMPLE.total };
    for (const key of ['invoiceMessage', 'reminderFriendly', 'reminderFirm', 'reminderFinal'] as const) {
      this.text.renderSync(this.parsed[key], sample);
    }
    const words = [...this.linkWords].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    this.linkPattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words || '(?!)'})(?![\\p{L}\\p{N}])`, 'giu');
  }

  /** The invoice mail from the original template, or from a customer's "last used". */
  invoiceDraft(values: InvoiceMailValues, lastUsed?: LastUsedTemplate | null): MailDraft {
    const original = this.originalDraft(values);
    if (!lastUsed) return original;
    const scope = mailScope(values);
    const part = (p: LastUsedPart, fallback: string) => (p === 'original' ? fallback : renderSegments(p, scope));
    return {
      subject: cleanSubject(part(lastUsed.subject, original.subject)),
      message: cleanMessage(part(lastUsed.message, original.message)),
    };
  }

  /** A reminder: its own words, friendlier or firmer by `tone`. */
  reminderDraft(values: InvoiceMailValues, reminder: ReminderMailValues, tone: ReminderTone): MailDraft {
    const scope = reminderScope(values, reminder);
    const message = { friendly: this.parsed.reminderFriendly, firm: this.parsed.reminderFirm, final: this.parsed.reminderFinal }[tone];
    return {
      subject: cleanSubject(this.text.renderSync(this.parsed.reminderSubject, scope) as string),
      message: cleanMessage(this.text.renderSync(message, scope) as string),
    };
  }

  /** Text and HTML bodies of the (possibly edited) draft. */
  renderMail(draft: MailDraft, portalUrl: string | null): RenderedMail {
    const subject = cleanSubject(draft.subject);
    const message = cleanMessage(draft.message);
    if (subject === '') throw AppError.unprocessable('missing_subject', messages.send.missingSubject, 'subject');
    if (message === '') throw AppError.unprocessable('missing_message', messages.send.missingMessage, 'message');
    if (portalUrl !== null && !/^https?:\/\//i.test(portalUrl)) throw new Error(`Portal URL must be http(s): ${portalUrl}`);
    const parts = (line: string) => this.linkParts(line, portalUrl);
    const lines = message.split('\n').map(parts);
    const paragraphs = message.split(/\n[ \t]*\n/).map((p) => p.trim()).filter((p) => p !== '').map((p) => p.split('\n').map(parts));
    return {
      subject,
      text: this.text.renderSync(this.parsed.bodyText, { lines }) as string,
      html: this.html.renderSync(this.parsed.bodyHtml, { subject, paragraphs }) as string,
    };
  }

  /**
   * What was sent, as the customer's next "last used": a part the person did
   * not touch follows the original template; an edited one is kept as
   * segments (see last-used.template.ts).
   */
  toLastUsed(sent: MailDraft, values: InvoiceMailValues): LastUsedTemplate {
    const original = this.originalDraft(values);
    const subject = cleanSubject(sent.subject);
    const message = cleanMessage(sent.message);
    return {
      subject: subject === original.subject ? 'original' : templatize(subject, values, this.conditionals('invoiceSubject', values)),
      message: message === original.message ? 'original' : templatize(message, values, this.conditionals('invoiceMessage', values)),
    };
  }

  private originalDraft(values: InvoiceMailValues): MailDraft {
    const scope = mailScope(values);
    return {
      subject: cleanSubject(this.text.renderSync(this.parsed.invoiceSubject, scope) as string),
      message: cleanMessage(this.text.renderSync(this.parsed.invoiceMessage, scope) as string),
    };
  }

  /** The original template's optional phrases, as rendered for these values. */
  private conditionals(key: 'invoiceSubject' | 'invoiceMessage', values: InvoiceMailValues): ConditionalPhrase[] {
    const scope = mailScope(values);
    const clean = key === 'invoiceSubject' ? cleanSubject : cleanMessage;
    const withAll = clean(this.text.renderSync(this.parsed[key], scope) as string);
    return OPTIONAL.filter((v) => scope[v] !== '')
      .map((v) => conditionalPhrase(v, withAll, clean(this.text.renderSync(this.parsed[key], { ...scope, [v]: '' }) as string)))
      .filter((c): c is ConditionalPhrase => c !== null);
  }

  /** Every part has `href` (null for plain text): an absent key would cost strictVariables a thrown error per part. */
  private linkParts(line: string, portalUrl: string | null): { text: string; href: string | null }[] {
    if (!portalUrl) return [{ text: line, href: null }];
    const parts: { text: string; href: string | null }[] = [];
    let at = 0;
    for (const m of line.matchAll(this.linkPattern)) {
      if (m.index > at) parts.push({ text: line.slice(at, m.index), href: null });
      parts.push({ text: m[0], href: portalUrl });
      at = m.index + m[0].length;
    }
    if (at < line.length || parts.length === 0) parts.push({ text: line.slice(at), href: null });
    return parts;
  }
}

/** Values for the constructor's one render of each template; never sent. */
const SAMPLE: InvoiceMailValues = {
  customerName: 'Cliente', documentName: 'factura', letter: 'B', number: '0001-00000001', total: '$ 1,00',
  dueDate: '01-01-2030', companyName: 'Empresa', portalUrl: 'https://example.invalid/portal/x',
};

export function cleanSubject(subject: string): string {
  return subject.replace(/\s+/g, ' ').trim();
}

export function cleanMessage(message: string): string {
  return message
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}
