import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { messages } from '../common/messages';
import { MailTransport, OutgoingMail, SentMail, TransportError } from './mail.transport';

export interface OutboxTransportOptions {
  dir: string;
  now?: () => Date;
}

/**
 * "Sends" by writing each message as a real .eml into a folder, so a
 * developer without a SendGrid key can open exactly what a customer would
 * get (any mail client opens .eml files).
 */
export class OutboxTransport extends MailTransport {
  readonly name = 'outbox';
  private readonly dir: string;
  private readonly now: () => Date;

  constructor({ dir, now }: OutboxTransportOptions) {
    super();
    this.dir = dir;
    this.now = now ?? (() => new Date());
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const fileName = `${this.now().toISOString().replace(/[:.]/g, '-')}-${safeName(mail.deliveryId)}.eml`;
    try {
      const eml = await composeEml(mail);
      await mkdir(this.dir, { recursive: true });
      // Written aside and renamed, so whoever watches the folder never opens
      // half a message.
      const temp = join(this.dir, `.${fileName}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(temp, eml);
        await rename(temp, join(this.dir, fileName));
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    } catch (err) {
      // A full disk or a read-only folder will not fix itself between retries.
      throw new TransportError(messages.delivery.outboxUnwritable(this.dir, (err as Error).message), false, null);
    }
    return { providerMessageId: `outbox:${fileName}` };
  }
}

/** The RFC 5322 message: multipart/mixed of (text + html alternatives) and the PDF. */
export async function composeEml(mail: OutgoingMail): Promise<Buffer> {
  const node = new MailComposer({
    from: { name: mail.from.name, address: mail.from.address },
    replyTo: mail.replyTo ?? undefined,
    to: mail.to,
    bcc: mail.bcc,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: [
      { filename: mail.attachment.fileName, content: mail.attachment.content, contentType: mail.attachment.contentType },
    ],
    headers: { 'X-Delivery-Id': mail.deliveryId, 'X-Category': mail.category },
  }).compile();
  // MailComposer leaves Bcc out (right for SMTP); here the copy must be visible.
  node.keepBcc = true;
  return node.build();
}

function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}
