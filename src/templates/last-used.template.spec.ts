import fc from 'fast-check';
import { FACTURA, NOTA_CREDITO, ORIGINAL_FACTURA_MESSAGE, ORIGINAL_NOTA_CREDITO_MESSAGE, PORTAL } from '../../test/fixtures/mail-values';
import { LastUsedPart, parseLastUsed, serializeLastUsed } from './last-used.template';
import { cleanMessage, cleanSubject, MailRenderer } from './mail.renderer';

/** A stored part written the way people read templates, for assertions. */
function show(part: LastUsedPart): string {
  if (part === 'original') return '(original)';
  return part
    .map((s) => ('text' in s ? s.text : 'var' in s ? `{{ ${s.var}${s.filter ? ` | ${s.filter}` : ''} }}` : `[if ${s.if}]${show(s.then)}[end]`))
    .join('');
}

describe('"Último utilizado" (last-used.template.ts through MailRenderer)', () => {
  const renderer = new MailRenderer();

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
