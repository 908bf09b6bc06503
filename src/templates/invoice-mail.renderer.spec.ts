import { AppError } from '../common/app-error';
import type { InvoiceDocument } from '../invoices/invoice-document';
import { createSafeLiquid } from './liquid.factory';
import { InvoiceMailRenderer, InvoiceMailValues, invoiceMailValues, MailTemplate } from './invoice-mail.renderer';

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

async function appErrorOf(work: () => Promise<unknown> | unknown): Promise<AppError> {
  try {
    await work();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe(InvoiceMailRenderer.name, () => {
  const renderer = new InvoiceMailRenderer();

  describe('the original template', () => {
    it('writes the subject of DESIGN.md', async () => {
      expect((await renderer.renderDraft(FACTURA)).subject).toBe('Adjuntamos su factura Nro. 0001-00000123');
    });

    it('writes the message of DESIGN.md, word for word', async () => {
      expect((await renderer.renderDraft(FACTURA)).message).toBe(ORIGINAL_FACTURA_MESSAGE);
    });

    it('names a credit note as such and leaves out an absent due date and portal', async () => {
      const draft = await renderer.renderDraft(NOTA_CREDITO);
      expect(draft.subject).toBe('Adjuntamos su nota de crédito Nro. 0002-00000045');
      expect(draft.message).toBe(ORIGINAL_NOTA_CREDITO_MESSAGE);
    });

    it('is what a null template means too', async () => {
      expect(await renderer.renderDraft(FACTURA, null)).toEqual(await renderer.renderDraft(FACTURA));
    });
  });

  describe('invoiceMailValues', () => {
    it('takes the values from the invoice, formatted as the e-mail shows them', () => {
      const doc = {
        kind: 'NOTA_DEBITO',
        letter: 'A',
        displayNumber: '0001-00000007',
        total: '1234567.891',
        currency: 'PES',
        dueDate: '2020-08-13',
        company: { legalName: 'Tornillos del Sur S.R.L.' },
        customer: { name: 'Ferretería Don Pepe' },
      } as unknown as InvoiceDocument;

      expect(invoiceMailValues(doc, PORTAL)).toEqual({
        customerName: 'Ferretería Don Pepe',
        documentName: 'nota de débito',
        letter: 'A',
        number: '0001-00000007',
        total: '$ 1.234.567,89',
        dueDate: '13-08-2020',
        companyName: 'Tornillos del Sur S.R.L.',
        portalUrl: PORTAL,
      });
      expect(invoiceMailValues({ ...doc, dueDate: null, total: '1234.5' }, null)).toMatchObject({
        total: '$ 1.234,50',
        dueDate: null,
        portalUrl: null,
      });
    });
  });

  describe('renderMail', () => {
    it('puts the portal URL after "este link" in the text body', async () => {
      const mail = renderer.renderMail(await renderer.renderDraft(FACTURA), PORTAL);
      expect(mail.text).toBe(
        ORIGINAL_FACTURA_MESSAGE.replace('en este link.', `en este link (${PORTAL}).`),
      );
    });

    it('turns "este link" into an anchor, paragraphs into <p> and line breaks into <br>', () => {
      const mail = renderer.renderMail(
        { subject: 'Asunto', message: 'Hola,\nequipo:\n\nVea este link.\n\n\nGracias' },
        PORTAL,
      );
      expect(mail.html).toContain(
        `<p>Hola,<br>\nequipo:</p>\n<p>Vea <a href="${PORTAL}">este link</a>.</p>\n<p>Gracias</p>`,
      );
      expect(mail.html).toMatch(/^<!DOCTYPE html>/);
      expect(mail.html).toContain('<title>Asunto</title>');
    });

    it('links every "este link", keeping how the person capitalised it', () => {
      const mail = renderer.renderMail({ subject: 's', message: 'Este link o este link; no estelink.' }, PORTAL);
      expect(mail.html).toContain(`<a href="${PORTAL}">Este link</a> o <a href="${PORTAL}">este link</a>; no estelink.`);
      expect(mail.text).toBe(`Este link (${PORTAL}) o este link (${PORTAL}); no estelink.`);
    });

    it('leaves "este link" as words when the customer has no portal', async () => {
      const draft = await renderer.renderDraft(FACTURA);
      const mail = renderer.renderMail(draft, null);
      expect(mail.text).toBe(ORIGINAL_FACTURA_MESSAGE);
      expect(mail.html).not.toContain('<a ');
    });

    it('escapes whatever the person or the data put in, in body and title', () => {
      const mail = renderer.renderMail(
        { subject: 'Pérez & Hijos <S.A.>', message: 'Para "Pérez & Hijos" <script>alert(1)</script> O\'Brien' },
        `${PORTAL}?a=1&b="2"`,
      );
      expect(mail.html).toContain('<title>Pérez &amp; Hijos &lt;S.A.&gt;</title>');
      expect(mail.html).toContain(
        '<p>Para &quot;Pérez &amp; Hijos&quot; &lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien</p>',
      );
      expect(mail.html).not.toContain('<script>');
    });

    it('escapes the portal URL inside the href', () => {
      const mail = renderer.renderMail({ subject: 's', message: 'este link' }, `${PORTAL}?a=1&b="2"`);
      expect(mail.html).toContain(`<a href="${PORTAL}?a=1&amp;b=&quot;2&quot;">este link</a>`);
    });

    it('refuses a portal URL that is not http(s)', () => {
      expect(() => renderer.renderMail({ subject: 's', message: 'este link' }, 'javascript:alert(1)')).toThrow();
    });

    it('keeps the subject on one line and the message without Windows line ends', () => {
      const mail = renderer.renderMail({ subject: '  Factura\r\n  0001 ', message: 'a\r\nb\r\n\r\nc\r\n' }, null);
      expect(mail.subject).toBe('Factura 0001');
      expect(mail.text).toBe('a\nb\n\nc');
    });

    it('refuses an empty subject or message', async () => {
      expect((await appErrorOf(() => renderer.renderMail({ subject: ' ', message: 'x' }, null))).code).toBe(
        'missing_subject',
      );
      expect((await appErrorOf(() => renderer.renderMail({ subject: 'x', message: '\n \n' }, null))).code).toBe(
        'missing_message',
      );
    });
  });

  describe('templates written by people', () => {
    const template = (message: string, subject = 'Asunto {{ number }}'): MailTemplate => ({ subject, message });

    it('renders with the invoice’s values', async () => {
      const draft = await renderer.renderDraft(
        FACTURA,
        template('Hola {{ customer_name }}, total {{ total }}, vence {{ due_date }}.'),
      );
      expect(draft).toEqual({
        subject: 'Asunto 0001-00000123',
        message: 'Hola Ferretería Don Pepe, total $ 54,33, vence 13-08-2020.',
      });
    });

    it('allows ordinary Liquid: conditions and standard filters', async () => {
      const draft = await renderer.renderDraft(
        NOTA_CREDITO,
        template('{{ document_name | capitalize }}{% if due_date != blank %} vence {{ due_date }}{% endif %}.'),
      );
      expect(draft.message).toBe('Nota de crédito.');
    });

    it('never evaluates Liquid that arrives inside the values', async () => {
      const draft = await renderer.renderDraft(
        { ...FACTURA, customerName: "{{ company_name }} {% include '/etc/passwd' %}" },
        template('Hola {{ customer_name }}'),
      );
      expect(draft.message).toBe("Hola {{ company_name }} {% include '/etc/passwd' %}");
    });

    it.each([
      ['reading files', "{% include '/etc/passwd' %}"],
      ['reading files with render', "{% render '../../../../etc/passwd' %}"],
      ['layouts', "{% layout 'mail/invoice-message' %}"],
      ['including our own templates', "{% include 'mail/invoice-message' %}"],
      ['prototype properties', '{{ constructor }}'],
      ['prototype properties of values', '{{ number.constructor.name }}'],
      ['unknown variables', '{{ cuit }}'],
      ['unknown filters', '{{ number | shell }}'],
      ['unclosed tags', '{% if number %}sin cerrar'],
      ['a loop of a hundred million turns', '{% for i in (1..100000000) %}{{ i }}{% endfor %}'],
      ['a string grown without bound', '{% assign s = "xxxxxxxxxx" %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}{{ s }}'],
    ])('refuses %s as an invalid template', async (_what, body) => {
      const started = Date.now();
      const err = await appErrorOf(() => renderer.renderDraft(FACTURA, template(body)));

      expect(err.status).toBe(422);
      expect(err.code).toBe('invalid_template');
      expect(err.message).toMatch(/^La plantilla no se pudo procesar: /);
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('refuses a bad subject template as well, saying which part failed', async () => {
      const err = await appErrorOf(() => renderer.renderDraft(FACTURA, template('ok', 'Factura {{ numero }}')));
      expect(err.code).toBe('invalid_template');
      expect(err.message).toContain('asunto');
      expect(err.message).toContain('numero');
    });
  });

  describe('toLastUsedTemplate', () => {
    /** What the next invoice would show if this one was sent as given. */
    async function nextDraft(subject: string, message: string, sent = FACTURA, next = NOTA_CREDITO) {
      return renderer.renderDraft(next, renderer.toLastUsedTemplate(subject, message, sent));
    }

    it('gives back the original template when the person changed nothing', async () => {
      const draft = await renderer.renderDraft(FACTURA);
      const last = renderer.toLastUsedTemplate(draft.subject, draft.message, FACTURA);

      expect(await renderer.renderDraft(NOTA_CREDITO, last)).toEqual(await renderer.renderDraft(NOTA_CREDITO));
      expect(await renderer.renderDraft(FACTURA, last)).toEqual(draft);
    });

    it('turns every value of the invoice back into its placeholder', () => {
      const last = renderer.toLastUsedTemplate(
        'Factura B 0001-00000123 de Tornillos del Sur S.R.L.',
        'Sr. Ferretería Don Pepe: la factura B Nro. 0001-00000123 por $ 54,33 vence el 13-08-2020. Gracias.',
        FACTURA,
      );
      expect(last.subject).toBe('{{ document_name | capitalize }} {{ letter }} {{ number }} de {{ company_name }}');
      expect(last.message).toBe(
        'Sr. {{ customer_name }}: la {{ document_name }} {{ letter }} Nro. {{ number }} por {{ total }} vence el {{ due_date }}. Gracias.',
      );
    });

    it('keeps what the person wrote and shows the next invoice’s values in it', async () => {
      const draft = await renderer.renderDraft(FACTURA);
      const edited = draft.message.replace(
        'Muchas gracias',
        'Le recordamos que el pago puede hacerse por transferencia.\n\nMuchas gracias',
      );
      const next = await nextDraft('Su factura 0001-00000123 — urgente', edited);

      expect(next.subject).toBe('Su nota de crédito 0002-00000045 — urgente');
      expect(next.message).toBe(
        ORIGINAL_NOTA_CREDITO_MESSAGE.replace(
          'Muchas gracias',
          'Le recordamos que el pago puede hacerse por transferencia.\n\nMuchas gracias',
        ),
      );
    });

    it('replaces a number that appears twice, both times', async () => {
      const next = await nextDraft(
        'Factura 0001-00000123',
        'Adjuntamos la 0001-00000123. Ante dudas cite 0001-00000123.',
      );
      expect(next.message).toBe('Adjuntamos la 0002-00000045. Ante dudas cite 0002-00000045.');
    });

    it('finds the total inside the person’s own sentence', async () => {
      const sent = { ...FACTURA, total: '$ 1.234,50' };
      const last = renderer.toLastUsedTemplate(
        's',
        'Total: $ 1.234,50. Recuerde: $ 1.234,50 es el saldo, no $ 1.234,500 ni $ 11.234,50.',
        sent,
      );
      expect(last.message).toBe('Total: {{ total }}. Recuerde: {{ total }} es el saldo, no $ 1.234,500 ni $ 11.234,50.');
    });

    it('leaves a capital A alone unless it is the letter of the invoice in place', () => {
      const sent = { ...FACTURA, letter: 'A' };
      const last = renderer.toLastUsedTemplate(
        's',
        'A la espera de su pago, va la factura A Nro. 0001-00000123 (tipo A 0001-00000123). Saludos, Ana.',
        sent,
      );
      expect(last.message).toBe(
        'A la espera de su pago, va la {{ document_name }} {{ letter }} Nro. {{ number }} (tipo {{ letter }} {{ number }}). Saludos, Ana.',
      );
    });

    it('does not take a value out of a longer word or number', () => {
      const last = renderer.toLastUsedTemplate(
        's',
        'facturas, facturación, 0001-000001234, 113-08-2020',
        FACTURA,
      );
      expect(last.message).toBe('facturas, facturación, 0001-000001234, 113-08-2020');
    });

    it('prefers the longer value where two overlap', () => {
      const sent = { ...FACTURA, customerName: 'Don Pepe', companyName: 'Don Pepe Hnos.' };
      expect(renderer.toLastUsedTemplate('s', 'De Don Pepe Hnos. para Don Pepe.', sent).message).toBe(
        'De {{ company_name }} para {{ customer_name }}.',
      );
    });

    it('keeps Liquid the person typed as plain text', async () => {
      const typed = 'Use {{ su_codigo }} y {% if x %} como texto; {%- endraw -%} {% endraw %} {{{ }}} {{';
      const last = renderer.toLastUsedTemplate('Asunto {{ x }} {', typed, FACTURA);
      const next = await renderer.renderDraft(NOTA_CREDITO, last);

      expect(next).toEqual({ subject: 'Asunto {{ x }} {', message: typed });
      expect(last.message).toContain('{% raw %}');
    });

    it('keeps a brace right before a value as text', async () => {
      const next = await nextDraft('s', 'Nro. {0001-00000123} y {{0001-00000123}}');
      expect(next.message).toBe('Nro. {0002-00000045} y {{0002-00000045}}');
    });

    it('keeps no value of this customer as literal text where it matched', () => {
      const draft = 'Estimado cliente Ferretería Don Pepe: su factura B Nro. 0001-00000123 de $ 54,33 vence el 13-08-2020.';
      const last = renderer.toLastUsedTemplate('Factura 0001-00000123', draft, FACTURA);
      for (const value of ['Ferretería Don Pepe', '0001-00000123', '$ 54,33', '13-08-2020']) {
        expect(last.message).not.toContain(value);
        expect(last.subject).not.toContain(value);
      }
    });

    it('drops the due-date phrase on an invoice without one', async () => {
      const edited = ORIGINAL_FACTURA_MESSAGE.replace('Muchas gracias', 'Muchísimas gracias');
      const next = await nextDraft('s', edited);
      expect(next.message).toBe(ORIGINAL_NOTA_CREDITO_MESSAGE.replace('Muchas gracias', 'Muchísimas gracias'));
    });

    it('shows the portal sentence only when the next customer has a portal', async () => {
      const edited = ORIGINAL_FACTURA_MESSAGE.replace('Atentamente', 'Cordialmente');
      const withPortal = await nextDraft('s', edited, FACTURA, { ...NOTA_CREDITO, portalUrl: PORTAL });
      const withoutPortal = await nextDraft('s', edited, FACTURA, NOTA_CREDITO);

      expect(withPortal.message).toContain('haciendo clic en este link.\n\nMuchas gracias');
      expect(withoutPortal.message).not.toContain('este link');
      expect(withoutPortal.message).toContain('formato PDF.\n\nMuchas gracias');
    });

    it('round-trips any text free of values exactly, braces and all', async () => {
      const pieces = ['{', '}', '%', '-', ' ', '{{', '{%', '%}', '}}', 'raw', 'endraw', '{% raw %}', '{% endraw %}', 'a', '"', "'", '\n', 'ñ'];
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let i = 0; i < 300; i++) {
        const length = 1 + Math.floor(random() * 12);
        const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('');
        const last = renderer.toLastUsedTemplate('s', text, FACTURA);
        const rendered = await createSafeLiquid({ html: false }).parseAndRender(last.message, {});
        expect({ text, rendered }).toEqual({ text, rendered: text });
      }
    });
  });
});
