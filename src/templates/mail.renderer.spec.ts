import fc from 'fast-check';
import { AppError } from '../common/app-error';
import type { InvoiceDocument } from '../invoices/invoice-document';
import { LastUsedPart, parseLastUsed, serializeLastUsed } from './last-used.template';
import { invoiceMailValues, InvoiceMailValues } from './mail-values';
import { cleanMessage, cleanSubject, MailRenderer } from './mail.renderer';

const PORTAL = 'https://facturas.tornillos.com.ar/portal/tok_9f8e7d';

const FACTURA: InvoiceMailValues = {
  customerName: 'Ferretería Don Pepe',
  documentName: 'factura',
  letter: 'B',
  number: '0001-00000123',
  total: '$ 54,33',
  dueDate: '13-08-2020',
  companyName: 'Tornillos del Sur S.R.L.',
  portalUrl: PORTAL,
};

const NOTA_CREDITO: InvoiceMailValues = {
  customerName: 'Kiosco La Esquina',
  documentName: 'nota de crédito',
  letter: 'A',
  number: '0002-00000045',
  total: '$ 1.234,50',
  dueDate: null,
  companyName: 'Tornillos del Sur S.R.L.',
  portalUrl: null,
};

const ORIGINAL_FACTURA_MESSAGE = [
  'Estimado cliente Ferretería Don Pepe:',
  '',
  'Le informamos que hemos emitido la factura B Nro. 0001-00000123 por el valor de $ 54,33 con vencimiento el 13-08-2020. La misma está adjunta al presente correo en formato PDF.',
  '',
  'Puede acceder al listado de todas las facturas y saldos haciendo clic en este link.',
  '',
  'Muchas gracias',
  '',
  'Atentamente',
  '',
  'Tornillos del Sur S.R.L.',
].join('\n');

const ORIGINAL_NOTA_CREDITO_MESSAGE = [
  'Estimado cliente Kiosco La Esquina:',
  '',
  'Le informamos que hemos emitido la nota de crédito A Nro. 0002-00000045 por el valor de $ 1.234,50. La misma está adjunta al presente correo en formato PDF.',
  '',
  'Muchas gracias',
  '',
  'Atentamente',
  '',
  'Tornillos del Sur S.R.L.',
].join('\n');

function errorOf(work: () => unknown): AppError {
  try {
    work();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

/** A stored part written the way people read templates, for assertions. */
function show(part: LastUsedPart): string {
  if (part === 'original') return '(original)';
  return part
    .map((s) => ('text' in s ? s.text : 'var' in s ? `{{ ${s.var}${s.filter ? ` | ${s.filter}` : ''} }}` : `[if ${s.if}]${show(s.then)}[end]`))
    .join('');
}

describe(MailRenderer.name, () => {
  const renderer = new MailRenderer();

  describe('the original template', () => {
    it('writes the subject and the message of DESIGN.md, word for word', () => {
      expect(renderer.invoiceDraft(FACTURA)).toEqual({ subject: 'Adjuntamos su factura Nro. 0001-00000123', message: ORIGINAL_FACTURA_MESSAGE });
    });

    it('names a credit note as such and leaves out an absent due date and portal', () => {
      expect(renderer.invoiceDraft(NOTA_CREDITO)).toEqual({
        subject: 'Adjuntamos su nota de crédito Nro. 0002-00000045',
        message: ORIGINAL_NOTA_CREDITO_MESSAGE,
      });
    });

    it('never evaluates Liquid that arrives inside the values', () => {
      const draft = renderer.invoiceDraft({ ...FACTURA, customerName: "{{ company_name }} {% include '/etc/passwd' %}" });
      expect(draft.message).toContain("Estimado cliente {{ company_name }} {% include '/etc/passwd' %}:");
    });
  });

  describe('reminders', () => {
    const reminder = { daysOverdue: 7, balance: '$ 54,33' };

    it('have their own subject and words, never the invoice text', () => {
      const draft = renderer.reminderDraft(FACTURA, reminder, 'friendly');
      expect(draft.subject).toBe('Recordatorio: factura Nro. 0001-00000123 vencida');
      expect(draft.message).toContain('venció el 13-08-2020 y registra un saldo pendiente de $ 54,33');
      expect(draft.message).not.toContain('Le informamos que hemos emitido');
    });

    it('grow firmer with the step, saying how late the invoice is', () => {
      expect(renderer.reminderDraft(FACTURA, { ...reminder, daysOverdue: 15 }, 'firm').message).toContain('(hace 15 días)');
      expect(renderer.reminderDraft(FACTURA, { ...reminder, daysOverdue: 30 }, 'final').message).toContain('30 días de atraso');
    });

    it('speak of the coming due date before it', () => {
      const draft = renderer.reminderDraft(FACTURA, { ...reminder, daysOverdue: -3 }, 'friendly');
      expect(draft.subject).toBe('Recordatorio: factura Nro. 0001-00000123 por vencer');
      expect(draft.message).toContain('vence el 13-08-2020, con un saldo de $ 54,33');
    });

    it('link the portal like the invoice mail does', () => {
      const mail = renderer.renderMail(renderer.reminderDraft(FACTURA, reminder, 'firm'), PORTAL);
      expect(mail.text).toContain(`haciendo clic en este link (${PORTAL}).`);
      expect(mail.html).toContain(`<a href="${PORTAL}">este link</a>`);
    });
  });

  describe('invoiceMailValues', () => {
    it('takes the values from the invoice, formatted as the e-mail shows them', () => {
      const doc = {
        kind: 'NOTA_DEBITO', letter: 'A', displayNumber: '0001-00000007', total: '1234567.891', currency: 'PES',
        dueDate: '2020-08-13', company: { legalName: 'Tornillos del Sur S.R.L.' }, customer: { name: 'Ferretería Don Pepe' },
      } as unknown as InvoiceDocument;
      expect(invoiceMailValues(doc, PORTAL)).toEqual({
        customerName: 'Ferretería Don Pepe', documentName: 'nota de débito', letter: 'A', number: '0001-00000007',
        total: '$ 1.234.567,89', dueDate: '13-08-2020', companyName: 'Tornillos del Sur S.R.L.', portalUrl: PORTAL,
      });
    });
  });

  describe('renderMail', () => {
    it('puts the portal URL after "este link" in the text body', () => {
      const mail = renderer.renderMail(renderer.invoiceDraft(FACTURA), PORTAL);
      expect(mail.text).toBe(ORIGINAL_FACTURA_MESSAGE.replace('en este link.', `en este link (${PORTAL}).`));
    });

    it('turns "este link" into an anchor, paragraphs into <p> and line breaks into <br>', () => {
      const mail = renderer.renderMail({ subject: 'Asunto', message: 'Hola,\nequipo:\n\nVea este link.\n\n\nGracias' }, PORTAL);
      expect(mail.html).toContain(`<p>Hola,<br>\nequipo:</p>\n<p>Vea <a href="${PORTAL}">este link</a>.</p>\n<p>Gracias</p>`);
      expect(mail.html).toMatch(/^<!DOCTYPE html>/);
      expect(mail.html).toContain('<title>Asunto</title>');
    });

    it('links every "este link", keeping how the person capitalised it', () => {
      const mail = renderer.renderMail({ subject: 's', message: 'Este link o este link; no estelink.' }, PORTAL);
      expect(mail.html).toContain(`<a href="${PORTAL}">Este link</a> o <a href="${PORTAL}">este link</a>; no estelink.`);
      expect(mail.text).toBe(`Este link (${PORTAL}) o este link (${PORTAL}); no estelink.`);
    });

    it('leaves "este link" as words when the customer has no portal', () => {
      const mail = renderer.renderMail(renderer.invoiceDraft(FACTURA), null);
      expect(mail.text).toBe(ORIGINAL_FACTURA_MESSAGE);
      expect(mail.html).not.toContain('<a ');
    });

    it('escapes whatever the person or the data put in, in body, title and href', () => {
      const mail = renderer.renderMail(
        { subject: 'Pérez & Hijos <S.A.>', message: 'Para "Pérez & Hijos" <script>alert(1)</script> O\'Brien, este link' },
        `${PORTAL}?a=1&b="2"`,
      );
      expect(mail.html).toContain('<title>Pérez &amp; Hijos &lt;S.A.&gt;</title>');
      expect(mail.html).toContain('<p>Para &#34;Pérez &amp; Hijos&#34; &lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien, ');
      expect(mail.html).toContain(`<a href="${PORTAL}?a=1&amp;b=&#34;2&#34;">este link</a>`);
      expect(mail.html).not.toContain('<script>');
    });

    it('refuses a portal URL that is not http(s)', () => {
      expect(() => renderer.renderMail({ subject: 's', message: 'este link' }, 'javascript:alert(1)')).toThrow();
    });

    it('keeps the subject on one line and the message without Windows line ends', () => {
      const mail = renderer.renderMail({ subject: '  Factura\r\n  0001 ', message: 'a\r\nb\r\n\r\nc\r\n' }, null);
      expect(mail.subject).toBe('Factura 0001');
      expect(mail.text).toBe('a\nb\n\nc');
    });

    it('refuses an empty subject or message, naming the field', () => {
      expect(errorOf(() => renderer.renderMail({ subject: ' ', message: 'x' }, null))).toMatchObject({ code: 'missing_subject', field: 'subject' });
      expect(errorOf(() => renderer.renderMail({ subject: 'x', message: '\n \n' }, null))).toMatchObject({ code: 'missing_message', field: 'message' });
    });
  });

  describe('"Último utilizado"', () => {
    const next = (subject: string, message: string, sent = FACTURA, to = NOTA_CREDITO) =>
      renderer.invoiceDraft(to, renderer.toLastUsed({ subject, message }, sent));

    it('follows the original template where the person changed nothing', () => {
      const draft = renderer.invoiceDraft(FACTURA);
      const last = renderer.toLastUsed(draft, FACTURA);
      expect(last).toEqual({ subject: 'original', message: 'original' });
      expect(renderer.invoiceDraft(NOTA_CREDITO, last)).toEqual(renderer.invoiceDraft(NOTA_CREDITO));
    });

    it('turns every value of the invoice back into its placeholder', () => {
      const last = renderer.toLastUsed(
        {
          subject: 'Factura B 0001-00000123 de Tornillos del Sur S.R.L.',
          message: 'Sr. Ferretería Don Pepe: la factura B Nro. 0001-00000123 por $ 54,33 vence el 13-08-2020. Gracias.',
        },
        FACTURA,
      );
      expect(show(last.subject)).toBe('{{ document_name | capitalize }} {{ letter }} {{ number }} de {{ company_name }}');
      expect(show(last.message)).toBe(
        'Sr. {{ customer_name }}: la {{ document_name }} {{ letter }} Nro. {{ number }} por {{ total }} vence el {{ due_date }}. Gracias.',
      );
    });

    it('keeps what the person wrote and shows the next invoice’s values in it', () => {
      const edited = ORIGINAL_FACTURA_MESSAGE.replace('Muchas gracias', 'Le recordamos que el pago puede hacerse por transferencia.\n\nMuchas gracias');
      const draft = next('Su factura 0001-00000123 — urgente', edited);
      expect(draft.subject).toBe('Su nota de crédito 0002-00000045 — urgente');
      expect(draft.message).toBe(
        ORIGINAL_NOTA_CREDITO_MESSAGE.replace('Muchas gracias', 'Le recordamos que el pago puede hacerse por transferencia.\n\nMuchas gracias'),
      );
    });

    it('replaces a number that appears twice, both times', () => {
      expect(next('s', 'Adjuntamos la 0001-00000123. Ante dudas cite 0001-00000123.').message).toBe(
        'Adjuntamos la 0002-00000045. Ante dudas cite 0002-00000045.',
      );
    });

    it('finds the total inside the person’s own sentence, and only the whole total', () => {
      const last = renderer.toLastUsed(
        { subject: 's', message: 'Total: $ 1.234,50. Recuerde: $ 1.234,50 es el saldo, no $ 1.234,500 ni $ 11.234,50.' },
        { ...FACTURA, total: '$ 1.234,50' },
      );
      expect(show(last.message)).toBe('Total: {{ total }}. Recuerde: {{ total }} es el saldo, no $ 1.234,500 ni $ 11.234,50.');
    });

    it('leaves a capital A alone unless it is the letter of the invoice in place', () => {
      const last = renderer.toLastUsed(
        { subject: 's', message: 'A la espera de su pago, va la factura A Nro. 0001-00000123 (tipo A 0001-00000123). Saludos, Ana.' },
        { ...FACTURA, letter: 'A' },
      );
      expect(show(last.message)).toBe(
        'A la espera de su pago, va la {{ document_name }} {{ letter }} Nro. {{ number }} (tipo {{ letter }} {{ number }}). Saludos, Ana.',
      );
    });

    it('does not take a value out of a longer word or number', () => {
      const last = renderer.toLastUsed({ subject: 's', message: 'facturas, facturación, 0001-000001234, 113-08-2020' }, FACTURA);
      expect(show(last.message)).toBe('facturas, facturación, 0001-000001234, 113-08-2020');
    });

    it('prefers the longer value where two overlap', () => {
      const sent = { ...FACTURA, customerName: 'Don Pepe', companyName: 'Don Pepe Hnos.' };
      expect(show(renderer.toLastUsed({ subject: 's', message: 'De Don Pepe Hnos. para Don Pepe.' }, sent).message)).toBe(
        'De {{ company_name }} para {{ customer_name }}.',
      );
    });

    it('drops the due-date phrase on an invoice without one', () => {
      const edited = ORIGINAL_FACTURA_MESSAGE.replace('Muchas gracias', 'Muchísimas gracias');
      expect(next('s', edited).message).toBe(ORIGINAL_NOTA_CREDITO_MESSAGE.replace('Muchas gracias', 'Muchísimas gracias'));
    });

    it('shows the portal sentence only when the next customer has a portal', () => {
      const edited = ORIGINAL_FACTURA_MESSAGE.replace('Atentamente', 'Cordialmente');
      const withPortal = next('s', edited, FACTURA, { ...NOTA_CREDITO, portalUrl: PORTAL });
      const withoutPortal = next('s', edited, FACTURA, NOTA_CREDITO);
      expect(withPortal.message).toContain('haciendo clic en este link.\n\nMuchas gracias');
      expect(withoutPortal.message).not.toContain('este link');
      expect(withoutPortal.message).toContain('formato PDF.\n\nMuchas gracias');
    });

    it('keeps Liquid the person typed as the very characters typed', () => {
      const typed = 'Use {{ su_codigo }} y {% if x %} como texto; {%- endraw -%} {% endraw %} {{{ }}} {{ company_name }} {%';
      const draft = next('Asunto {{ x }} {', typed);
      expect(draft).toEqual({ subject: 'Asunto {{ x }} {', message: typed });
    });

    it('survives being stored and read back; anything else stored reads as no template', () => {
      const last = renderer.toLastUsed({ subject: 'Factura 0001-00000123', message: 'Hola {{ x }} $ 54,33' }, FACTURA);
      expect(parseLastUsed(serializeLastUsed(last))).toEqual(last);
      for (const bad of ['{{ number }}', '{"v":1,"subject":[{"var":"constructor"}],"message":"original"}', '{"v":2}', 'null']) {
        expect(parseLastUsed(bad)).toBeNull();
      }
    });

    describe('on generated input', () => {
      // Liquid syntax, quotes, and the Unicode whitespace and invisible
      // characters that tokenizers disagree about.
      const tricky = [
        '{{', '}}', '{%', '%}', '{%-', '-%}', '{{-', '-}}', 'raw', 'endraw', '{% raw %}', '{% endraw %}', 'include', "'/etc/passwd'",
        '|', 'capitalize', ' ', '\n', '\t', '\r\n', '\u00a0', '\u1680', '\u2000', '\u2007', '\u200b', '\u2028', '\u2029',
        '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\u000b', '\u000c', '"', "'", 'ñ', 'á', '😀', '$', '{', '}', '%',
      ];
      const text = fc
        .array(fc.oneof(fc.constantFrom(...tricky), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 30 })
        .map((pieces) => pieces.join(''));
      const values = [FACTURA.customerName, FACTURA.number, FACTURA.total, FACTURA.dueDate!, FACTURA.companyName, 'factura', 'FACTURA', 'Factura'];

      it('gives back exactly what was sent, for the same invoice', () => {
        fc.assert(
          fc.property(text, text, (subject, message) => {
            // An empty subject or message is refused before anything is sent.
            fc.pre(cleanSubject(subject) !== '' && cleanMessage(message) !== '');
            const draft = renderer.invoiceDraft(FACTURA, parseLastUsed(serializeLastUsed(renderer.toLastUsed({ subject, message }, FACTURA))));
            expect(draft).toEqual({ subject: cleanSubject(subject), message: cleanMessage(message) });
          }),
          { numRuns: 500 },
        );
      });

      it('keeps typed text literal for the next invoice: nothing in it is evaluated', () => {
        fc.assert(
          fc.property(text, (message) => {
            fc.pre(cleanMessage(message) !== '' && values.every((v) => !message.includes(v)));
            const draft = renderer.invoiceDraft(NOTA_CREDITO, renderer.toLastUsed({ subject: 's', message }, FACTURA));
            expect(draft.message).toBe(cleanMessage(message));
          }),
          { numRuns: 500 },
        );
      });
    });
  });
});
