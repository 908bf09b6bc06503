import type { InvoiceDocument } from '../invoices/invoice-document';
import { invoiceMailValues } from './mail-values';
import { MailRenderer } from './mail.renderer';

import { FACTURA, NOTA_CREDITO, ORIGINAL_FACTURA_MESSAGE, ORIGINAL_NOTA_CREDITO_MESSAGE, PORTAL } from '../../test/fixtures/mail-values';
import { errorOf } from '../../test/support/app-error-of';


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
});
